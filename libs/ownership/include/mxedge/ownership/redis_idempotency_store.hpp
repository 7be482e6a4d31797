#pragma once
// RedisIdempotencyStore: IdempotencyStore on Redis strings ("pending:<holder>" / "done"). Begin
// and abandon are scripts (atomic check-then-write on the server). Thread-safe when the client is.
#include <chrono>
#include <optional>
#include <string_view>

#include "mxedge/ownership/idempotency_store.hpp"
#include "mxedge/redis/redis_client.hpp"

namespace mxedge::ownership {

class RedisIdempotencyStore final : public IdempotencyStore {
 public:
  // `client` must outlive the store.
  explicit RedisIdempotencyStore(redis::RedisClient& client);

  absl::StatusOr<BeginResult> TryBegin(std::string_view key, std::string_view holder,
                                       std::chrono::milliseconds ttl) override;
  absl::Status MarkDone(std::string_view key, std::chrono::milliseconds ttl) override;
  absl::StatusOr<std::optional<IdempotencyRecord>> Get(std::string_view key) override;
  absl::Status Abandon(std::string_view key, std::string_view holder) override;

 private:
  redis::RedisClient& client_;
};

}  // namespace mxedge::ownership
