#pragma once
// LeaseStore: fenced leases with epochs on string keys.
//
// A lease is stored at `keys.lease` as "<owner_id>:<epoch>" (see lease.hpp); its epoch comes from
// INCR on `keys.epoch` at every acquisition, so epochs of one lease strictly increase across
// owners. Two kinds of lease are expressible with the same operations:
// - TTL leases (e.g. `as:shard:<n>`): acquired and renewed with a ttl; the store drops them when
//   the owner stops renewing.
// - Heartbeat-judged leases (e.g. `irc:conn:<network>:<mxid>`): acquired with kNoExpiry; they stay
//   until released or taken over, and a contender decides from the owner's registry heartbeat (see
//   member_registry.hpp) that the holder is dead, then calls TryTakeOver with that exact holder.
//
// Status conventions:
// - InvalidArgumentError: an empty key, an invalid owner id, a negative ttl.
// - FailedPreconditionError: Renew/Release of a lease that is no longer the caller's (expired,
//   released, taken over). The owner must stop acting as owner at once.
// - DataLossError: the stored value is not a lease (names the key).
// - Anything else (Unavailable, DeadlineExceeded, ...): the store could not be asked; whether the
//   caller still holds the lease is unknown, so it must self-fence once its last successful renewal
//   is older than its safety margin.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/ownership/lease.hpp"

namespace mxedge::ownership {

// A ttl of zero: the lease never expires by itself.
inline constexpr std::chrono::milliseconds kNoExpiry{0};

struct LeaseKeys {
  std::string lease;  // holds "<owner_id>:<epoch>"
  std::string epoch;  // INCR counter; never expires, never reset
};

struct AcquireResult {
  bool acquired = false;
  // When acquired: the caller's new lease. Otherwise the current holder, or nullopt when the key
  // is free (a takeover whose expected holder has gone meanwhile: retry with TryAcquire).
  std::optional<Lease> holder;
};

class LeaseStore {
 public:
  virtual ~LeaseStore() = default;

  // Acquires the lease for `owner_id` if no lease is stored. `ttl` = kNoExpiry or a positive time.
  virtual absl::StatusOr<AcquireResult> TryAcquire(const LeaseKeys& keys, std::string_view owner_id,
                                                   std::chrono::milliseconds ttl) = 0;

  // Compare-and-set takeover: acquires the lease for `owner_id` only if the stored lease is exactly
  // `expected` (e.g. a holder whose heartbeat is stale). The new epoch is larger than expected's.
  virtual absl::StatusOr<AcquireResult> TryTakeOver(const LeaseKeys& keys,
                                                    std::string_view owner_id,
                                                    const Lease& expected,
                                                    std::chrono::milliseconds ttl) = 0;

  // Fenced renewal: succeeds only while the stored lease is exactly `mine`; its expiry becomes
  // `ttl` from now (kNoExpiry removes any expiry).
  virtual absl::Status Renew(std::string_view lease_key, const Lease& mine,
                             std::chrono::milliseconds ttl) = 0;

  // Fenced release: deletes the lease only while it is exactly `mine`.
  virtual absl::Status Release(std::string_view lease_key, const Lease& mine) = 0;

  // The current holder, nullopt when the lease is free.
  virtual absl::StatusOr<std::optional<Lease>> GetHolder(std::string_view lease_key) = 0;
};

}  // namespace mxedge::ownership
