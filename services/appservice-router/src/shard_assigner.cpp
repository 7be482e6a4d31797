#include "shard_assigner.hpp"

#include <algorithm>
#include <set>

#include "dispatch_text.hpp"
#include "mxedge/common/check.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/ownership/rendezvous.hpp"

namespace mxedge::appservice_router {

using dispatch_text::Cat;

ShardAssigner::ShardAssigner(ownership::LeaseStore& leases, ownership::MemberRegistry& routers,
                             const common::Clock& clock, ShardAssignerOptions options)
    : leases_(leases), routers_(routers), clock_(clock), options_(std::move(options)) {
  MXEDGE_CHECK(options_.shards > 0);
  MXEDGE_CHECK(options_.lease_ttl.count() > 0);
  MXEDGE_CHECK(options_.router_timeout.count() > 0);
}

std::string ShardAssigner::LeaseKey(int shard) const {
  return Cat(options_.key_prefix, "as:shard:", shard);
}

std::string ShardAssigner::EpochKey(int shard) const {
  return Cat(options_.key_prefix, "as:shard-epoch:", shard);
}

std::vector<int> ShardAssigner::AssignShards(std::string_view router_id,
                                             std::span<const std::string> live, int shards) {
  std::set<std::string> unique(live.begin(), live.end());
  std::vector<std::string> routers(unique.begin(), unique.end());
  std::vector<int> mine;
  if (routers.empty() || shards <= 0) {
    return mine;
  }
  // Every router takes floor(shards / n) shards and `shards % n` of them one more, so loads differ
  // by at most one; each shard goes to the best-ranked router that still has room.
  const size_t base = static_cast<size_t>(shards) / routers.size();
  size_t extras = static_cast<size_t>(shards) % routers.size();
  std::map<std::string, size_t> load;
  for (int shard = 0; shard < shards; ++shard) {
    for (const std::string& router : ownership::RankByRendezvous(Cat("shard:", shard), routers)) {
      size_t& count = load[router];
      if (count >= base && (count > base || extras == 0)) {
        continue;
      }
      if (count == base) {
        --extras;
      }
      ++count;
      if (router == router_id) {
        mine.push_back(shard);
      }
      break;
    }
  }
  return mine;
}

void ShardAssigner::Renew(ShardChanges& changes) {
  const auto now = clock_.SteadyNow();
  for (auto it = owned_.begin(); it != owned_.end();) {
    const int shard = it->first;
    absl::Status renewed = leases_.Renew(LeaseKey(shard), it->second, options_.lease_ttl);
    if (renewed.ok()) {
      renewed_at_[shard] = now;
      ++it;
      continue;
    }
    bool lost = absl::IsFailedPrecondition(renewed) || absl::IsDataLoss(renewed);
    bool fenced = !lost && now - renewed_at_[shard] >= options_.lease_ttl / 2;
    if (!lost && !fenced) {
      ++it;
      continue;
    }
    common::LogWarn(lost ? "shard lease lost" : "shard dropped: lease renewal overdue",
                    {{"shard", shard},
                     {"epoch", it->second.epoch},
                     {"error", dispatch_text::Std(renewed.message())}});
    changes.lost.push_back(shard);
    renewed_at_.erase(shard);
    it = owned_.erase(it);
  }
}

absl::StatusOr<ShardChanges> ShardAssigner::Tick() {
  ShardChanges changes;
  absl::Status beat = routers_.Heartbeat(options_.router_id);
  if (absl::IsNotFound(beat)) {
    common::LogInfo("router registering", {{"router_id", options_.router_id}});
    beat = routers_.Register(options_.router_id);
  }
  Renew(changes);
  if (!beat.ok()) {
    return dispatch_text::WithContext(beat, Cat("router ", options_.router_id, " heartbeat"));
  }
  absl::StatusOr<std::vector<ownership::Member>> evicted =
      routers_.EvictStale(options_.router_timeout);
  if (evicted.ok()) {
    for (const ownership::Member& member : *evicted) {
      common::LogWarn("stale router evicted", {{"router_id", member.id}});
    }
  }
  absl::StatusOr<std::vector<ownership::Member>> live = routers_.ListLive(options_.router_timeout);
  if (!live.ok()) {
    return dispatch_text::WithContext(live.status(), "listing live routers");
  }
  std::vector<std::string> live_ids;
  for (const ownership::Member& member : *live) {
    live_ids.push_back(member.id);
  }
  if (std::find(live_ids.begin(), live_ids.end(), options_.router_id) == live_ids.end()) {
    live_ids.push_back(options_.router_id);
  }
  std::vector<int> desired = AssignShards(options_.router_id, live_ids, options_.shards);
  std::set<int> desired_set(desired.begin(), desired.end());
  std::vector<int> handed_over;
  for (const auto& [shard, lease] : owned_) {
    if (!desired_set.contains(shard)) {
      handed_over.push_back(shard);
    }
  }
  if (!handed_over.empty() && before_release_) {
    before_release_(handed_over);
  }
  for (int shard : handed_over) {
    const ownership::Lease lease = owned_.at(shard);
    absl::Status released = leases_.Release(LeaseKey(shard), lease);
    common::LogInfo("shard handed over",
                    {{"shard", shard}, {"epoch", lease.epoch}, {"released", released.ok()}});
    changes.lost.push_back(shard);
    renewed_at_.erase(shard);
    owned_.erase(shard);
  }
  const auto now = clock_.SteadyNow();
  for (int shard : desired) {
    if (owned_.contains(shard)) {
      continue;
    }
    ownership::LeaseKeys keys{LeaseKey(shard), EpochKey(shard)};
    absl::StatusOr<ownership::AcquireResult> result =
        leases_.TryAcquire(keys, options_.router_id, options_.lease_ttl);
    if (result.ok() && !result->acquired && result->holder &&
        result->holder->owner_id == options_.router_id) {
      // Left by a previous life of this router id: take it over with a new epoch.
      result = leases_.TryTakeOver(keys, options_.router_id, *result->holder, options_.lease_ttl);
    }
    if (!result.ok()) {
      common::LogWarn("shard lease acquisition failed",
                      {{"shard", shard}, {"error", dispatch_text::Std(result.status().message())}});
      continue;
    }
    if (!result->acquired || !result->holder) {
      continue;
    }
    common::LogInfo("shard acquired", {{"shard", shard}, {"epoch", result->holder->epoch}});
    owned_[shard] = *result->holder;
    renewed_at_[shard] = now;
    changes.gained.push_back(OwnedShard{shard, *result->holder});
  }
  return changes;
}

std::vector<int> ShardAssigner::ReleaseAll() {
  std::vector<int> released;
  for (const auto& [shard, lease] : owned_) {
    absl::Status status = leases_.Release(LeaseKey(shard), lease);
    if (!status.ok()) {
      common::LogWarn("shard release failed",
                      {{"shard", shard}, {"error", dispatch_text::Std(status.message())}});
    }
    released.push_back(shard);
  }
  owned_.clear();
  renewed_at_.clear();
  absl::Status removed = routers_.Remove(options_.router_id);
  if (!removed.ok()) {
    common::LogWarn(
        "router deregistration failed",
        {{"router_id", options_.router_id}, {"error", dispatch_text::Std(removed.message())}});
  }
  return released;
}

}  // namespace mxedge::appservice_router
