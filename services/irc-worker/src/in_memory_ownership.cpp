#include "in_memory_ownership.hpp"

#include "claim_rules.hpp"
#include "irc_keys.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/ownership/owner_id.hpp"
#include "script_replies.hpp"
#include "worker_rules.hpp"

namespace mxedge::irc_worker {

using common::Cat;

InMemoryOwnership::InMemoryOwnership(const common::Clock& clock) : clock_(clock) {}

absl::Status InMemoryOwnership::CheckReachableLocked() const {
  if (unreachable_) {
    return absl::UnavailableError("in-memory ownership store is unreachable");
  }
  return absl::OkStatus();
}

bool InMemoryOwnership::IsLiveLocked(std::string_view worker_id, int64_t cutoff) const {
  auto it = workers_.find(worker_id);
  return it != workers_.end() && it->second.heartbeat_unix_ms > cutoff;
}

absl::StatusOr<int64_t> InMemoryOwnership::Register(const WorkerAdvert& advert) {
  if (absl::Status s = ValidateAdvert(advert); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  if (absl::Status s = CheckReachableLocked(); !s.ok()) {
    return s;
  }
  WorkerInfo info;
  info.id = advert.id;
  info.grpc_address = advert.grpc_address;
  info.capacity = advert.capacity;
  info.epoch = ++epoch_counter_;
  info.heartbeat_unix_ms = clock_.NowUnixMs();
  workers_[advert.id] = info;
  return info.epoch;
}

absl::Status InMemoryOwnership::Heartbeat(std::string_view worker_id, int64_t epoch,
                                          int64_t connections) {
  if (absl::Status s = ownership::ValidateOwnerId(worker_id); !s.ok()) {
    return s;
  }
  if (connections < 0) {
    return absl::InvalidArgumentError(
        Cat("connection count must not be negative, got ", connections));
  }
  std::lock_guard lock(mu_);
  if (absl::Status s = CheckReachableLocked(); !s.ok()) {
    return s;
  }
  auto it = workers_.find(worker_id);
  if (it == workers_.end()) {
    return NotRegisteredError(worker_id);
  }
  if (it->second.epoch != epoch) {
    return OtherEpochError(worker_id, epoch, std::to_string(it->second.epoch));
  }
  it->second.heartbeat_unix_ms = clock_.NowUnixMs();
  it->second.connections = connections;
  return absl::OkStatus();
}

absl::StatusOr<std::vector<WorkerInfo>> InMemoryOwnership::LiveWorkers(
    std::chrono::milliseconds owner_timeout) {
  if (absl::Status s = scripts::ValidatePositive("owner_timeout", owner_timeout); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  if (absl::Status s = CheckReachableLocked(); !s.ok()) {
    return s;
  }
  const int64_t cutoff = clock_.NowUnixMs() - owner_timeout.count();
  std::vector<WorkerInfo> live;
  for (const auto& [id, info] : workers_) {
    if (info.heartbeat_unix_ms > cutoff) {
      live.push_back(info);
    }
  }
  SortById(live);
  return live;
}

absl::Status InMemoryOwnership::SetDraining(std::string_view worker_id, int64_t epoch) {
  if (absl::Status s = ownership::ValidateOwnerId(worker_id); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  if (absl::Status s = CheckReachableLocked(); !s.ok()) {
    return s;
  }
  auto it = workers_.find(worker_id);
  if (it == workers_.end()) {
    return NotRegisteredError(worker_id);
  }
  if (it->second.epoch != epoch) {
    return OtherEpochError(worker_id, epoch, std::to_string(it->second.epoch));
  }
  it->second.draining = true;
  return absl::OkStatus();
}

absl::Status InMemoryOwnership::Deregister(std::string_view worker_id, int64_t epoch) {
  if (absl::Status s = ownership::ValidateOwnerId(worker_id); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  if (absl::Status s = CheckReachableLocked(); !s.ok()) {
    return s;
  }
  auto it = workers_.find(worker_id);
  if (it == workers_.end()) {
    return absl::OkStatus();
  }
  if (it->second.epoch != epoch) {
    return OtherEpochError(worker_id, epoch, std::to_string(it->second.epoch));
  }
  workers_.erase(it);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> InMemoryOwnership::EvictStale(
    std::chrono::milliseconds age) {
  if (absl::Status s = scripts::ValidatePositive("eviction age", age); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  if (absl::Status s = CheckReachableLocked(); !s.ok()) {
    return s;
  }
  const int64_t cutoff = clock_.NowUnixMs() - age.count();
  std::vector<std::string> evicted;
  for (auto it = workers_.begin(); it != workers_.end();) {
    if (it->second.heartbeat_unix_ms <= cutoff) {
      evicted.push_back(it->first);
      it = workers_.erase(it);
    } else {
      ++it;
    }
  }
  return evicted;
}

absl::Status InMemoryOwnership::AddWanted(std::string_view network, std::string_view mxid) {
  if (absl::Status s = ValidateConnection(network, mxid); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  if (absl::Status s = CheckReachableLocked(); !s.ok()) {
    return s;
  }
  wanted_[std::string(network)].insert(std::string(mxid));
  return absl::OkStatus();
}

absl::Status InMemoryOwnership::RemoveWanted(std::string_view network, std::string_view mxid) {
  if (absl::Status s = ValidateConnection(network, mxid); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  if (absl::Status s = CheckReachableLocked(); !s.ok()) {
    return s;
  }
  auto set = wanted_.find(network);
  if (set != wanted_.end()) {
    set->second.erase(std::string(mxid));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<WantedConnection>> InMemoryOwnership::ListWanted(
    std::string_view network, std::chrono::milliseconds owner_timeout) {
  if (absl::Status s = ValidateNetwork(network); !s.ok()) {
    return s;
  }
  if (absl::Status s = scripts::ValidatePositive("owner_timeout", owner_timeout); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  if (absl::Status s = CheckReachableLocked(); !s.ok()) {
    return s;
  }
  const int64_t cutoff = clock_.NowUnixMs() - owner_timeout.count();
  std::vector<WantedConnection> wanted;
  auto set = wanted_.find(network);
  if (set == wanted_.end()) {
    return wanted;
  }
  for (const std::string& mxid : set->second) {
    WantedConnection entry{mxid, std::nullopt, false};
    auto conn = conns_.find(RoutingKey(network, mxid));
    if (conn != conns_.end()) {
      entry.owner = conn->second;
      entry.owner_live = IsLiveLocked(conn->second.owner_id, cutoff);
    }
    wanted.push_back(std::move(entry));
  }
  return wanted;
}

absl::StatusOr<ClaimResult> InMemoryOwnership::TryClaim(const ownership::Lease& self,
                                                        std::string_view network,
                                                        std::string_view mxid,
                                                        std::chrono::milliseconds owner_timeout) {
  if (absl::Status s = ValidateSelf(self); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateConnection(network, mxid); !s.ok()) {
    return s;
  }
  if (absl::Status s = scripts::ValidatePositive("owner_timeout", owner_timeout); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  if (absl::Status s = CheckReachableLocked(); !s.ok()) {
    return s;
  }
  const int64_t cutoff = clock_.NowUnixMs() - owner_timeout.count();
  auto me = workers_.find(self.owner_id);
  if (!IsLiveLocked(self.owner_id, cutoff) || me->second.epoch != self.epoch) {
    return NotLiveClaimerError(self, network, mxid);
  }
  const std::string key = RoutingKey(network, mxid);
  auto conn = conns_.find(key);
  if (conn != conns_.end() && conn->second.owner_id != self.owner_id &&
      IsLiveLocked(conn->second.owner_id, cutoff)) {
    return ClaimResult{false, conn->second};
  }
  conns_[key] = self;
  return ClaimResult{true, self};
}

absl::StatusOr<bool> InMemoryOwnership::Release(std::string_view worker_id,
                                                std::string_view network, std::string_view mxid) {
  if (absl::Status s = ownership::ValidateOwnerId(worker_id); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateConnection(network, mxid); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  if (absl::Status s = CheckReachableLocked(); !s.ok()) {
    return s;
  }
  auto conn = conns_.find(RoutingKey(network, mxid));
  if (conn == conns_.end() || conn->second.owner_id != worker_id) {
    return false;
  }
  conns_.erase(conn);
  return true;
}

absl::StatusOr<std::vector<OwnedConnection>> InMemoryOwnership::ListOwned(
    std::string_view worker_id, std::string_view network) {
  if (absl::Status s = ownership::ValidateOwnerId(worker_id); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateNetwork(network); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  if (absl::Status s = CheckReachableLocked(); !s.ok()) {
    return s;
  }
  const std::string prefix = RoutingKey(network, "");
  std::vector<OwnedConnection> owned;
  for (auto it = conns_.lower_bound(prefix);
       it != conns_.end() && std::string_view(it->first).substr(0, prefix.size()) == prefix; ++it) {
    if (it->second.owner_id == worker_id) {
      owned.push_back(OwnedConnection{it->first.substr(prefix.size()), it->second.epoch});
    }
  }
  return owned;
}

absl::StatusOr<bool> InMemoryOwnership::IsStillOwner(const ownership::Lease& self,
                                                     std::string_view network,
                                                     std::string_view mxid) {
  if (absl::Status s = ValidateSelf(self); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateConnection(network, mxid); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  if (absl::Status s = CheckReachableLocked(); !s.ok()) {
    return s;
  }
  auto conn = conns_.find(RoutingKey(network, mxid));
  return conn != conns_.end() && conn->second == self;
}

void InMemoryOwnership::SetHeartbeatAgeForTesting(std::string_view worker_id,
                                                  std::chrono::milliseconds age) {
  std::lock_guard lock(mu_);
  auto it = workers_.find(worker_id);
  if (it != workers_.end()) {
    it->second.heartbeat_unix_ms = clock_.NowUnixMs() - age.count();
  }
}

void InMemoryOwnership::SetUnreachableForTesting(bool unreachable) {
  std::lock_guard lock(mu_);
  unreachable_ = unreachable;
}

}  // namespace mxedge::irc_worker
