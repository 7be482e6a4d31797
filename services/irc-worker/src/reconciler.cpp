#include "reconciler.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "irc_keys.hpp"
#include "mxedge/common/check.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/ownership/rendezvous.hpp"
#include "worker_rules.hpp"

namespace mxedge::irc_worker {

using common::Cat;

absl::Status ValidateReconcilerOptions(const ReconcilerOptions& options) {
  if (absl::Status s = ValidateAdvert(options.advert); !s.ok()) {
    return s;
  }
  for (const std::string& network : options.networks) {
    if (absl::Status s = ValidateNetwork(network); !s.ok()) {
      return s;
    }
  }
  const std::pair<const char*, std::chrono::milliseconds> durations[] = {
      {"owner_timeout", options.owner_timeout},
      {"claim_grace", options.claim_grace},
      {"self_fence", options.self_fence},
      {"evict_after", options.evict_after}};
  for (const auto& [name, value] : durations) {
    if (value.count() <= 0) {
      return absl::InvalidArgumentError(Cat(name, " must be positive, got ", value.count(), " ms"));
    }
  }
  if (options.self_fence >= options.owner_timeout) {
    return absl::InvalidArgumentError(
        Cat("self_fence (", options.self_fence.count(), " ms) must be below owner_timeout (",
            options.owner_timeout.count(), " ms), or two workers could hold one connection"));
  }
  if (options.evict_after < options.owner_timeout) {
    return absl::InvalidArgumentError(Cat("evict_after (", options.evict_after.count(),
                                          " ms) must not be below owner_timeout (",
                                          options.owner_timeout.count(), " ms)"));
  }
  return absl::OkStatus();
}

// The workers a connection may be ranked to: live, not draining, with room.
struct Reconciler::Candidates {
  std::vector<std::string> ids;
  std::map<std::string, int64_t> room;  // id → connections it can still take
};

Reconciler::Reconciler(WorkerRegistry& registry, ConnectionClaims& claims,
                       const common::Clock& clock, ReconcilerOptions options)
    : registry_(registry),
      claims_(claims),
      clock_(clock),
      options_(std::move(options)),
      last_contact_(clock.SteadyNow()),
      rebalance_refilled_(clock.SteadyNow()) {
  MXEDGE_CHECK(ValidateReconcilerOptions(options_).ok());
}

void Reconciler::NoteContact() { last_contact_ = clock_.SteadyNow(); }

std::optional<ownership::Lease> Reconciler::self() const {
  if (epoch_ == 0) {
    return std::nullopt;
  }
  return ownership::Lease{options_.advert.id, epoch_};
}

bool Reconciler::ShouldSelfFence() const {
  return clock_.SteadyNow() - last_contact_ >= options_.self_fence;
}

absl::Status Reconciler::Register() {
  absl::StatusOr<int64_t> epoch = registry_.Register(options_.advert);
  if (!epoch.ok()) {
    return epoch.status();
  }
  epoch_ = *epoch;
  NoteContact();
  if (draining_) {
    return registry_.SetDraining(options_.advert.id, epoch_);
  }
  common::LogInfo("irc worker registered", {{"worker_id", options_.advert.id}, {"epoch", epoch_}});
  return absl::OkStatus();
}

absl::Status Reconciler::Heartbeat() {
  if (epoch_ == 0) {
    return Register();
  }
  const absl::Status status =
      registry_.Heartbeat(options_.advert.id, epoch_, static_cast<int64_t>(held_.size()));
  if (status.ok()) {
    NoteContact();
    return status;
  }
  if (absl::IsNotFound(status) || absl::IsFailedPrecondition(status)) {
    common::LogWarn("irc worker lost its registration; dropping its connections",
                    {{"worker_id", options_.advert.id},
                     {"epoch", epoch_},
                     {"error", std::string(status.message())}});
    must_drop_ = true;
    epoch_ = 0;
  }
  return status;
}

ReconcilePlan Reconciler::DropEverything() {
  ReconcilePlan plan;
  plan.drop_everything = true;
  plan.close.assign(held_.begin(), held_.end());
  held_.clear();
  releasing_.clear();
  unowned_since_.clear();
  must_drop_ = false;
  // A new epoch before claiming again: work still in flight under the old one fails its
  // IsStillOwner check.
  epoch_ = 0;
  return plan;
}

absl::StatusOr<ReconcilePlan> Reconciler::Reconcile() {
  if (ShouldSelfFence() && (epoch_ != 0 || !held_.empty())) {
    common::LogWarn(
        "irc worker has not reached redis for self_fence; dropping its connections",
        {{"worker_id", options_.advert.id}, {"connections", static_cast<int64_t>(held_.size())}});
    return DropEverything();
  }
  if (must_drop_) {
    return DropEverything();
  }
  if (epoch_ == 0) {
    if (absl::Status s = Register(); !s.ok()) {
      return s;
    }
  }
  absl::StatusOr<std::vector<WorkerInfo>> live = registry_.LiveWorkers(options_.owner_timeout);
  if (!live.ok()) {
    return live.status();
  }
  NoteContact();
  Candidates candidates;
  for (const WorkerInfo& worker : *live) {
    const int64_t connections =
        worker.id == options_.advert.id ? static_cast<int64_t>(held_.size()) : worker.connections;
    const bool self_draining = worker.id == options_.advert.id && draining_;
    if (!worker.draining && !self_draining && connections < worker.capacity) {
      candidates.ids.push_back(worker.id);
      candidates.room[worker.id] = worker.capacity - connections;
    }
  }
  if (absl::StatusOr<std::vector<std::string>> evicted = registry_.EvictStale(options_.evict_after);
      evicted.ok() && !evicted->empty()) {
    common::LogInfo("evicted stale irc workers",
                    {{"count", static_cast<int64_t>(evicted->size())}});
  }

  ReconcilePlan plan;
  std::set<ConnectionKey> owned;
  for (const std::string& network : options_.networks) {
    if (absl::Status s = ReconcileNetwork(network, candidates, owned, plan); !s.ok()) {
      return s;
    }
  }
  for (const ConnectionKey& key : held_) {
    if (!owned.contains(key)) {
      plan.close.push_back(key);
      releasing_.erase(key);
    }
  }
  for (const ConnectionKey& key : owned) {
    if (!held_.contains(key)) {
      plan.open.push_back(key);
    }
  }
  held_ = owned;
  PlanRebalance(candidates, owned, plan);
  if (!plan.empty()) {
    common::LogInfo("irc connections reconciled",
                    {{"worker_id", options_.advert.id},
                     {"open", static_cast<int64_t>(plan.open.size())},
                     {"taken_over", plan.taken_over},
                     {"close", static_cast<int64_t>(plan.close.size())},
                     {"release", static_cast<int64_t>(plan.release.size())},
                     {"held", static_cast<int64_t>(held_.size())}});
  }
  return plan;
}

absl::Status Reconciler::ReconcileNetwork(const std::string& network, const Candidates& candidates,
                                          std::set<ConnectionKey>& owned, ReconcilePlan& plan) {
  const ownership::Lease me{options_.advert.id, epoch_};
  absl::StatusOr<std::vector<OwnedConnection>> mine = claims_.ListOwned(me.owner_id, network);
  if (!mine.ok()) {
    return mine.status();
  }
  for (const OwnedConnection& connection : *mine) {
    if (connection.epoch != epoch_) {
      // Held by a previous life of this worker: adopt it under the current epoch.
      absl::StatusOr<ClaimResult> adopted =
          claims_.TryClaim(me, network, connection.mxid, options_.owner_timeout);
      if (!adopted.ok()) {
        return adopted.status();
      }
      if (!adopted->claimed) {
        continue;
      }
    }
    owned.insert(ConnectionKey{network, connection.mxid});
  }
  absl::StatusOr<std::vector<WantedConnection>> wanted =
      claims_.ListWanted(network, options_.owner_timeout);
  if (!wanted.ok()) {
    return wanted.status();
  }
  std::set<std::string> wanted_ids;
  const auto now = clock_.SteadyNow();
  for (const WantedConnection& want : *wanted) {
    wanted_ids.insert(want.mxid);
    ConnectionKey key{network, want.mxid};
    if (owned.contains(key)) {
      continue;
    }
    const bool claimable = !want.owner.has_value() || !want.owner_live;
    if (!claimable) {
      unowned_since_.erase(key);
      continue;
    }
    if (draining_ || static_cast<int64_t>(owned.size()) >= options_.advert.capacity) {
      continue;
    }
    const std::vector<std::string> ranked =
        ownership::RankByRendezvous(RoutingKey(network, want.mxid), candidates.ids);
    const bool first = !ranked.empty() && ranked.front() == options_.advert.id;
    auto [since, inserted] = unowned_since_.try_emplace(key, now);
    if (!first && now - since->second < options_.claim_grace) {
      continue;
    }
    absl::StatusOr<ClaimResult> claim = claims_.TryClaim(
        ownership::Lease{options_.advert.id, epoch_}, network, want.mxid, options_.owner_timeout);
    if (!claim.ok()) {
      return claim.status();
    }
    unowned_since_.erase(key);
    if (claim->claimed) {
      if (want.owner.has_value() && want.owner->owner_id != options_.advert.id) {
        ++plan.taken_over;
        plan.taken_from.insert(want.owner->owner_id);
      }
      owned.insert(std::move(key));
    }
  }
  // Ours but no longer wanted: QUIT and release.
  for (const ConnectionKey& key : owned) {
    if (key.network == network && !wanted_ids.contains(key.mxid) && !releasing_.contains(key)) {
      plan.release.push_back(key);
      releasing_.insert(key);
    }
  }
  // Forget grace timers of connections that left the want set.
  for (auto it = unowned_since_.begin(); it != unowned_since_.end();) {
    if (it->first.network == network && !wanted_ids.contains(it->first.mxid)) {
      it = unowned_since_.erase(it);
    } else {
      ++it;
    }
  }
  return absl::OkStatus();
}

void Reconciler::PlanRebalance(const Candidates& candidates, const std::set<ConnectionKey>& owned,
                               ReconcilePlan& plan) {
  const auto now = clock_.SteadyNow();
  if (rebalance_left_ <= 0 || draining_) {
    rebalance_refilled_ = now;
    return;
  }
  const double elapsed_s = std::chrono::duration<double>(now - rebalance_refilled_).count();
  rebalance_refilled_ = now;
  rebalance_tokens_ =
      std::min(std::max(1.0, rebalance_rate_), rebalance_tokens_ + elapsed_s * rebalance_rate_);
  std::map<std::string, int64_t> room = candidates.room;
  for (const ConnectionKey& key : owned) {
    if (rebalance_left_ <= 0 || rebalance_tokens_ < 1.0) {
      break;
    }
    if (releasing_.contains(key)) {
      continue;
    }
    const std::vector<std::string> ranked =
        ownership::RankByRendezvous(RoutingKey(key.network, key.mxid), candidates.ids);
    if (ranked.empty() || ranked.front() == options_.advert.id || room[ranked.front()] <= 0) {
      continue;
    }
    --room[ranked.front()];
    plan.release.push_back(key);
    releasing_.insert(key);
    rebalance_tokens_ -= 1.0;
    --rebalance_left_;
  }
}

absl::Status Reconciler::BeginDrain() {
  draining_ = true;
  rebalance_left_ = 0;
  if (epoch_ == 0) {
    return absl::OkStatus();
  }
  common::LogInfo("irc worker draining", {{"worker_id", options_.advert.id},
                                          {"connections", static_cast<int64_t>(held_.size())}});
  return registry_.SetDraining(options_.advert.id, epoch_);
}

absl::Status Reconciler::Release(const ConnectionKey& key) {
  absl::StatusOr<bool> released = claims_.Release(options_.advert.id, key.network, key.mxid);
  if (!released.ok()) {
    return released.status();
  }
  held_.erase(key);
  releasing_.erase(key);
  return absl::OkStatus();
}

absl::StatusOr<int64_t> Reconciler::ReleaseAll() {
  int64_t released = 0;
  const std::set<ConnectionKey> held = held_;
  for (const ConnectionKey& key : held) {
    if (absl::Status s = Release(key); !s.ok()) {
      return s;
    }
    ++released;
  }
  if (epoch_ != 0) {
    if (absl::Status s = registry_.Deregister(options_.advert.id, epoch_); !s.ok()) {
      return s;
    }
    epoch_ = 0;
  }
  common::LogInfo("irc worker released its connections",
                  {{"worker_id", options_.advert.id}, {"released", released}});
  return released;
}

void Reconciler::Rebalance(int64_t max_connections, double per_second) {
  if (max_connections <= 0 || !(per_second > 0) || !std::isfinite(per_second)) {
    rebalance_left_ = 0;
    return;
  }
  rebalance_left_ = max_connections;
  rebalance_rate_ = per_second;
  rebalance_tokens_ = std::min(1.0, per_second);
  rebalance_refilled_ = clock_.SteadyNow();
}

}  // namespace mxedge::irc_worker
