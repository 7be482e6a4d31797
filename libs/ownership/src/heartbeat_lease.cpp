#include "mxedge/ownership/heartbeat_lease.hpp"

namespace mxedge::ownership {

absl::StatusOr<AcquireResult> TryClaimHeartbeatLease(LeaseStore& leases, MemberRegistry& registry,
                                                     const LeaseKeys& keys,
                                                     std::string_view owner_id,
                                                     std::chrono::milliseconds owner_timeout) {
  absl::StatusOr<AcquireResult> acquired = leases.TryAcquire(keys, owner_id, kNoExpiry);
  if (!acquired.ok() || acquired->acquired || !acquired->holder.has_value()) {
    return acquired;
  }
  const Lease holder = *acquired->holder;
  if (holder.owner_id == owner_id) {
    return acquired;
  }
  absl::StatusOr<bool> live = registry.IsLive(holder.owner_id, owner_timeout);
  if (!live.ok()) {
    return live.status();
  }
  if (*live) {
    return acquired;
  }
  return leases.TryTakeOver(keys, owner_id, holder, kNoExpiry);
}

}  // namespace mxedge::ownership
