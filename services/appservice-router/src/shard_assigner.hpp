#pragma once
// ShardAssigner: which intake shards this router owns.
//
// Every router registers in `<prefix>as:routers` (MemberRegistry) and heartbeats on each Tick.
// From the live set every router computes the same even assignment (AssignShards: loads differ by
// at most one; shard by shard, the rendezvous-first router that still has room), then holds
// each of its shards with a fenced TTL lease `<prefix>as:shard:<n>` = "<router_id>:<epoch>" (epoch
// from INCR `<prefix>as:shard-epoch:<n>`), renewed by the fenced script of the LeaseStore. A shard
// whose renewal is refused is lost at once; a shard whose renewal could not be asked for half the
// lease TTL is dropped too (self-fence), since the lease may be expiring. Shards assigned to
// another router are released so it can take them; stale routers are evicted from the registry.
// Not thread-safe: one ownership thread calls it.
#include <chrono>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "mxedge/common/clock.hpp"
#include "mxedge/ownership/lease_store.hpp"
#include "mxedge/ownership/member_registry.hpp"

namespace mxedge::appservice_router {

struct ShardAssignerOptions {
  std::string router_id;
  int shards = 16;
  std::string key_prefix = "mxedge:";
  std::chrono::milliseconds lease_ttl{15000};
  // A router is live while its heartbeat is younger than this.
  std::chrono::milliseconds router_timeout{15000};
};

struct OwnedShard {
  int shard = 0;
  ownership::Lease lease;
};

struct ShardChanges {
  std::vector<OwnedShard> gained;
  std::vector<int> lost;  // refused renewals, self-fenced and released shards
};

class ShardAssigner {
 public:
  // The stores and the clock must outlive the assigner.
  ShardAssigner(ownership::LeaseStore& leases, ownership::MemberRegistry& routers,
                const common::Clock& clock, ShardAssignerOptions options);

  // One round: heartbeat (registering again after an eviction), evict stale routers, renew,
  // release and acquire. Returns what changed; an error when the registry could not be read (held
  // shards are still renewed or self-fenced in that case, and reported by the next Tick).
  absl::StatusOr<ShardChanges> Tick();

  // Called by Tick with the shards about to be handed over to another router, before their leases
  // are released: the caller stops reading them first, so the new owner's pending-list claim sees
  // every entry this router read.
  void SetBeforeRelease(std::function<void(const std::vector<int>&)> hook) {
    before_release_ = std::move(hook);
  }

  // Releases every lease and leaves the registry (graceful stop); returns the shards released.
  std::vector<int> ReleaseAll();

  const std::map<int, ownership::Lease>& owned() const { return owned_; }
  const ShardAssignerOptions& options() const { return options_; }

  // The shards `router_id` should own given the `live` routers (any order, duplicates ignored).
  static std::vector<int> AssignShards(std::string_view router_id,
                                       std::span<const std::string> live, int shards);

  std::string LeaseKey(int shard) const;
  std::string EpochKey(int shard) const;

 private:
  void Renew(ShardChanges& changes);

  ownership::LeaseStore& leases_;
  ownership::MemberRegistry& routers_;
  const common::Clock& clock_;
  ShardAssignerOptions options_;
  std::map<int, ownership::Lease> owned_;
  std::map<int, std::chrono::steady_clock::time_point> renewed_at_;
  std::function<void(const std::vector<int>&)> before_release_;
};

}  // namespace mxedge::appservice_router
