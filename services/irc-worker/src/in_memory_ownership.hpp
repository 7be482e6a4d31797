#pragma once
// InMemoryOwnership: WorkerRegistry and ConnectionClaims in process memory, with the semantics of
// the Redis implementations; the given clock's wall time plays Redis TIME. One instance is one
// shared store: give every simulated worker the same instance. Thread-safe.
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "connection_claims.hpp"
#include "mxedge/common/clock.hpp"
#include "worker_registry.hpp"

namespace mxedge::irc_worker {

class InMemoryOwnership final : public WorkerRegistry, public ConnectionClaims {
 public:
  // `clock` must outlive the store.
  explicit InMemoryOwnership(const common::Clock& clock);

  // WorkerRegistry
  absl::StatusOr<int64_t> Register(const WorkerAdvert& advert) override;
  absl::Status Heartbeat(std::string_view worker_id, int64_t epoch, int64_t connections) override;
  absl::StatusOr<std::vector<WorkerInfo>> LiveWorkers(
      std::chrono::milliseconds owner_timeout) override;
  absl::Status SetDraining(std::string_view worker_id, int64_t epoch) override;
  absl::Status Deregister(std::string_view worker_id, int64_t epoch) override;
  absl::StatusOr<std::vector<std::string>> EvictStale(std::chrono::milliseconds age) override;

  // ConnectionClaims
  absl::Status AddWanted(std::string_view network, std::string_view mxid) override;
  absl::Status RemoveWanted(std::string_view network, std::string_view mxid) override;
  absl::StatusOr<std::vector<WantedConnection>> ListWanted(
      std::string_view network, std::chrono::milliseconds owner_timeout) override;
  absl::StatusOr<ClaimResult> TryClaim(const ownership::Lease& self, std::string_view network,
                                       std::string_view mxid,
                                       std::chrono::milliseconds owner_timeout) override;
  absl::StatusOr<bool> Release(std::string_view worker_id, std::string_view network,
                               std::string_view mxid) override;
  absl::StatusOr<std::vector<OwnedConnection>> ListOwned(std::string_view worker_id,
                                                         std::string_view network) override;
  absl::StatusOr<bool> IsStillOwner(const ownership::Lease& self, std::string_view network,
                                    std::string_view mxid) override;

  // Moves a worker's heartbeat to `age` before now, as if it had stopped heartbeating then.
  void SetHeartbeatAgeForTesting(std::string_view worker_id, std::chrono::milliseconds age);
  // While unreachable, every call fails with UnavailableError (a Redis outage).
  void SetUnreachableForTesting(bool unreachable);

 private:
  bool IsLiveLocked(std::string_view worker_id, int64_t cutoff) const;
  absl::Status CheckReachableLocked() const;

  const common::Clock& clock_;
  mutable std::mutex mu_;
  bool unreachable_ = false;
  int64_t epoch_counter_ = 0;
  std::map<std::string, WorkerInfo, std::less<>> workers_;
  std::map<std::string, std::set<std::string>, std::less<>> wanted_;  // network → mxids
  // RoutingKey(network, mxid) → owner
  std::map<std::string, ownership::Lease, std::less<>> conns_;
};

}  // namespace mxedge::irc_worker
