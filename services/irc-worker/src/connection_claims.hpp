#pragma once
// ConnectionClaims: who owns each user's IRC connection. `irc:conn:<network>:<mxid>` holds
// "<worker_id>:<epoch>" and is valid while that worker's heartbeat in `irc:workers` is younger than
// owner_timeout: there is no per-connection lease to renew. `irc:owned:<network>:<worker_id>`
// indexes a worker's connections so it can list them without a scan.
//
// A claim succeeds when the connection is free, already ours (any epoch of our id: a restarted
// worker adopts what its previous life held), or owned by a worker that is not live — judged inside
// the script on the store's clock. The claimer itself must be live with the epoch it names, so a
// worker that was evicted or re-registered elsewhere cannot claim. Before a side effect for a
// connection, IsStillOwner checks the exact "<worker_id>:<epoch>".
//
// Status conventions: InvalidArgumentError for an invalid network, mxid, worker id, epoch or
// timeout; FailedPreconditionError when the claimer is not live with that epoch; anything else when
// the store could not be asked.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/ownership/lease.hpp"

namespace mxedge::irc_worker {

// One member of `irc:want:<network>` with its current owner record.
struct WantedConnection {
  std::string mxid;
  std::optional<ownership::Lease> owner;  // nullopt: free (or a record that is not a lease)
  bool owner_live = false;                // the owner's heartbeat is younger than owner_timeout

  friend bool operator==(const WantedConnection&, const WantedConnection&) = default;
};

struct ClaimResult {
  bool claimed = false;
  ownership::Lease holder;  // the owner after the call: us when claimed

  friend bool operator==(const ClaimResult&, const ClaimResult&) = default;
};

// One connection a worker owns, with the epoch its record names.
struct OwnedConnection {
  std::string mxid;
  int64_t epoch = 0;

  friend bool operator==(const OwnedConnection&, const OwnedConnection&) = default;
};

class ConnectionClaims {
 public:
  virtual ~ConnectionClaims() = default;

  // Adds `mxid` to the network's desired connections (the router does this for new users).
  virtual absl::Status AddWanted(std::string_view network, std::string_view mxid) = 0;

  // Removes `mxid` from the network's desired connections; its owner then QUITs and releases it.
  virtual absl::Status RemoveWanted(std::string_view network, std::string_view mxid) = 0;

  // Every desired connection of the network with its owner, ordered by mxid.
  virtual absl::StatusOr<std::vector<WantedConnection>> ListWanted(
      std::string_view network, std::chrono::milliseconds owner_timeout) = 0;

  virtual absl::StatusOr<ClaimResult> TryClaim(const ownership::Lease& self,
                                               std::string_view network, std::string_view mxid,
                                               std::chrono::milliseconds owner_timeout) = 0;

  // Deletes the owner record when it names `worker_id` (any epoch); false when it did not.
  virtual absl::StatusOr<bool> Release(std::string_view worker_id, std::string_view network,
                                       std::string_view mxid) = 0;

  // The connections whose owner record names `worker_id`, ordered by mxid.
  virtual absl::StatusOr<std::vector<OwnedConnection>> ListOwned(std::string_view worker_id,
                                                                 std::string_view network) = 0;

  // Whether the owner record is exactly `self`.
  virtual absl::StatusOr<bool> IsStillOwner(const ownership::Lease& self, std::string_view network,
                                            std::string_view mxid) = 0;
};

}  // namespace mxedge::irc_worker
