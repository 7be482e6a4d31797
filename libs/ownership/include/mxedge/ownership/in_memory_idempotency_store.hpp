#pragma once
// InMemoryIdempotencyStore: an IdempotencyStore in process memory with the same semantics as
// RedisIdempotencyStore, TTLs judged by the given clock's steady time. Thread-safe.
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "mxedge/common/clock.hpp"
#include "mxedge/ownership/idempotency_store.hpp"

namespace mxedge::ownership {

namespace internal {
class ExpiringMap;
}  // namespace internal

class InMemoryIdempotencyStore final : public IdempotencyStore {
 public:
  explicit InMemoryIdempotencyStore(const common::Clock& clock);
  ~InMemoryIdempotencyStore() override;

  absl::StatusOr<BeginResult> TryBegin(std::string_view key, std::string_view holder,
                                       std::chrono::milliseconds ttl) override;
  absl::Status MarkDone(std::string_view key, std::chrono::milliseconds ttl) override;
  absl::StatusOr<std::optional<IdempotencyRecord>> Get(std::string_view key) override;
  absl::Status Abandon(std::string_view key, std::string_view holder) override;

  // As Redis PTTL: nullopt when absent, zero when the record has no expiry, else time left.
  std::optional<std::chrono::milliseconds> RemainingTtl(std::string_view key);
  // Stores a raw value, as a corrupted or foreign writer could (for tests of strict parsing).
  void SetRawForTesting(std::string_view key, std::string value);

 private:
  std::mutex mu_;
  std::unique_ptr<internal::ExpiringMap> records_;
};

}  // namespace mxedge::ownership
