#pragma once
// Claiming a heartbeat-judged lease (e.g. `irc:conn:<network>:<mxid>`): a lease without TTL that
// stays valid while its owner's heartbeat in a MemberRegistry is live.
#include <chrono>
#include <string_view>

#include "absl/status/statusor.h"
#include "mxedge/ownership/lease_store.hpp"
#include "mxedge/ownership/member_registry.hpp"

namespace mxedge::ownership {

// Acquires the lease for `owner_id` (without expiry) when it is free, or takes it over from a
// holder that is not live in `registry` within `owner_timeout` (compare-and-set on that exact
// holder, so concurrent claimers produce one winner). Returns not acquired with the holder when
// the holder is live, or when the holder is `owner_id` itself: only the caller knows whether that
// is its current lease or one left by a previous life of its id (then it calls TryTakeOver).
absl::StatusOr<AcquireResult> TryClaimHeartbeatLease(LeaseStore& leases, MemberRegistry& registry,
                                                     const LeaseKeys& keys,
                                                     std::string_view owner_id,
                                                     std::chrono::milliseconds owner_timeout);

}  // namespace mxedge::ownership
