#pragma once
// Reconciler: decides which IRC connections this worker should hold; the engine does the I/O.
//
// Every few seconds the engine calls Heartbeat() and Reconcile(). Reconcile() walks each network's
// desired connections (`irc:want:<network>`) and claims those without a live owner: at once when
// this worker ranks first by rendezvous hashing of "<network>:<mxid>" among the live, non-draining
// workers with room, otherwise once the connection has stayed unowned for `claim_grace`. It
// respects `capacity`, claims nothing while draining, and reports what to open, what to close
// because it was lost, and what to QUIT and then Release() (no longer wanted, or handed over by
// Rebalance).
//
// Self-fence: when the last successful heartbeat is `self_fence` old on this process' steady clock
// (the one place a local clock is right: it measures our own silence), the next plan says "drop
// everything" without asking Redis, and the worker registers again with a new epoch before it
// claims anything. Owners time out after owner_timeout (> self_fence), so by the time another
// worker may take a connection over, its old owner has already dropped it. Shorter outages change
// nothing. Not thread-safe: one engine thread drives it.
#include <chrono>
#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "connection_claims.hpp"
#include "connection_key.hpp"
#include "mxedge/common/clock.hpp"
#include "mxedge/ownership/lease.hpp"
#include "worker_registry.hpp"

namespace mxedge::irc_worker {

struct ReconcilerOptions {
  WorkerAdvert advert;                // id, grpc address, capacity
  std::vector<std::string> networks;  // the networks this worker serves
  std::chrono::milliseconds owner_timeout{30'000};
  std::chrono::milliseconds claim_grace{10'000};
  std::chrono::milliseconds self_fence{25'000};
  // Registrations whose heartbeat is this old are removed from the registry by any worker.
  std::chrono::milliseconds evict_after{std::chrono::minutes(10)};
};

// InvalidArgumentError naming the option: an invalid advert or network, non-positive durations,
// or self_fence not below owner_timeout.
absl::Status ValidateReconcilerOptions(const ReconcilerOptions& options);

struct ReconcilePlan {
  // Self-fenced or lost the registration: close every connection now (no QUIT handshake needed).
  bool drop_everything = false;
  std::vector<ConnectionKey> open;     // newly ours: connect
  std::vector<ConnectionKey> close;    // no longer ours: disconnect, do not release
  std::vector<ConnectionKey> release;  // QUIT, then call Release()
  int64_t taken_over = 0;              // of `open`, claimed from an owner that was not live
  std::set<std::string> taken_from;    // the workers those were claimed from

  bool empty() const {
    return !drop_everything && open.empty() && close.empty() && release.empty();
  }
};

class Reconciler {
 public:
  // `registry`, `claims` and `clock` must outlive the reconciler; options must be valid.
  Reconciler(WorkerRegistry& registry, ConnectionClaims& claims, const common::Clock& clock,
             ReconcilerOptions options);

  // Registers (again) with a new epoch. Counts as contact with Redis.
  absl::Status Register();

  // One heartbeat with the held connection count; registers first when not registered. When the
  // registry says we were evicted or replaced, the next plan drops everything.
  absl::Status Heartbeat();

  // The plan for this round. Errors come from the store; the held set is then unchanged.
  absl::StatusOr<ReconcilePlan> Reconcile();

  // True once the last contact with Redis is self_fence old.
  bool ShouldSelfFence() const;

  // Stops claiming and marks the registration draining (others stop ranking us).
  absl::Status BeginDrain();

  // Releases one connection after the engine QUIT it (a `release` entry, or any held one).
  absl::Status Release(const ConnectionKey& key);

  // Ends a drain: releases every held connection and deregisters. Returns how many were released.
  absl::StatusOr<int64_t> ReleaseAll();

  // Hands up to `max_connections` of our connections to the workers they rank first on, at most
  // `per_second` of them per second, through the `release` lists of the coming plans.
  void Rebalance(int64_t max_connections, double per_second);

  std::optional<ownership::Lease> self() const;
  const std::set<ConnectionKey>& held() const { return held_; }
  bool draining() const { return draining_; }

 private:
  struct Candidates;

  ReconcilePlan DropEverything();
  absl::Status ReconcileNetwork(const std::string& network, const Candidates& candidates,
                                std::set<ConnectionKey>& owned, ReconcilePlan& plan);
  void PlanRebalance(const Candidates& candidates, const std::set<ConnectionKey>& owned,
                     ReconcilePlan& plan);
  void NoteContact();

  WorkerRegistry& registry_;
  ConnectionClaims& claims_;
  const common::Clock& clock_;
  ReconcilerOptions options_;

  int64_t epoch_ = 0;  // 0 while not registered
  bool must_drop_ = false;
  bool draining_ = false;
  std::chrono::steady_clock::time_point last_contact_;
  std::set<ConnectionKey> held_;       // what the engine has been told to hold
  std::set<ConnectionKey> releasing_;  // held, told to QUIT and release
  std::map<ConnectionKey, std::chrono::steady_clock::time_point> unowned_since_;

  int64_t rebalance_left_ = 0;
  double rebalance_rate_ = 0;
  double rebalance_tokens_ = 0;
  std::chrono::steady_clock::time_point rebalance_refilled_;
};

}  // namespace mxedge::irc_worker
