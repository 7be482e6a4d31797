#pragma once
// RedisLeaseStore: LeaseStore on Redis strings. Every compare-and-set (acquire, take over, renew,
// release) is one Lua script, so it is atomic on the server; the epoch is INCR on the epoch key
// inside the same script. Thread-safe when the client is.
#include <chrono>
#include <optional>
#include <string_view>

#include "mxedge/ownership/lease_store.hpp"
#include "mxedge/redis/redis_client.hpp"

namespace mxedge::ownership {

class RedisLeaseStore final : public LeaseStore {
 public:
  // `client` must outlive the store.
  explicit RedisLeaseStore(redis::RedisClient& client);

  absl::StatusOr<AcquireResult> TryAcquire(const LeaseKeys& keys, std::string_view owner_id,
                                           std::chrono::milliseconds ttl) override;
  absl::StatusOr<AcquireResult> TryTakeOver(const LeaseKeys& keys, std::string_view owner_id,
                                            const Lease& expected,
                                            std::chrono::milliseconds ttl) override;
  absl::Status Renew(std::string_view lease_key, const Lease& mine,
                     std::chrono::milliseconds ttl) override;
  absl::Status Release(std::string_view lease_key, const Lease& mine) override;
  absl::StatusOr<std::optional<Lease>> GetHolder(std::string_view lease_key) override;

 private:
  // Runs the acquire script; `expected` empty = the lease must be free.
  absl::StatusOr<AcquireResult> Acquire(std::string_view operation, const LeaseKeys& keys,
                                        std::string_view owner_id, std::string expected,
                                        std::chrono::milliseconds ttl);

  redis::RedisClient& client_;
};

}  // namespace mxedge::ownership
