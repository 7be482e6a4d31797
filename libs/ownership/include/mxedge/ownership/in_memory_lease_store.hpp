#pragma once
// InMemoryLeaseStore: a LeaseStore in process memory with the same semantics as RedisLeaseStore,
// TTLs judged by the given clock's steady time. Thread-safe. For tests of code that uses leases.
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "mxedge/common/clock.hpp"
#include "mxedge/ownership/lease_store.hpp"

namespace mxedge::ownership {

namespace internal {
class ExpiringMap;
}  // namespace internal

class InMemoryLeaseStore final : public LeaseStore {
 public:
  explicit InMemoryLeaseStore(const common::Clock& clock);
  ~InMemoryLeaseStore() override;

  absl::StatusOr<AcquireResult> TryAcquire(const LeaseKeys& keys, std::string_view owner_id,
                                           std::chrono::milliseconds ttl) override;
  absl::StatusOr<AcquireResult> TryTakeOver(const LeaseKeys& keys, std::string_view owner_id,
                                            const Lease& expected,
                                            std::chrono::milliseconds ttl) override;
  absl::Status Renew(std::string_view lease_key, const Lease& mine,
                     std::chrono::milliseconds ttl) override;
  absl::Status Release(std::string_view lease_key, const Lease& mine) override;
  absl::StatusOr<std::optional<Lease>> GetHolder(std::string_view lease_key) override;

  // As Redis PTTL: nullopt when the lease is absent, zero when it has no expiry, else time left.
  std::optional<std::chrono::milliseconds> RemainingTtl(std::string_view lease_key);
  // Stores a raw value, as a corrupted or foreign writer could (for tests of strict parsing).
  void SetRawForTesting(std::string_view lease_key, std::string value);

 private:
  // Sets the lease to a fresh epoch when the stored value equals `expected` (nullopt = absent).
  absl::StatusOr<AcquireResult> CompareAndAcquire(const LeaseKeys& keys, std::string_view owner_id,
                                                  const std::optional<std::string>& expected,
                                                  std::chrono::milliseconds ttl);

  std::mutex mu_;
  std::unique_ptr<internal::ExpiringMap> leases_;
  std::map<std::string, int64_t, std::less<>> epochs_;
};

}  // namespace mxedge::ownership
