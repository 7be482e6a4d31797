#pragma once
// LeaseMetrics: the leases this worker holds, takes and loses, for its two kinds of lease:
// - `connection`: ownership of an IRC connection (`irc:conn`), fed from each reconcile plan;
// - `receiver`: a channel's receiver lease (`irc:recv`), fed by MeteredChannelReceivers.
// Metrics: mxedge_irc_worker_leases_held{lease} (gauge), mxedge_irc_worker_leases_taken_total
// {lease} and mxedge_irc_worker_leases_lost_total{lease}. Thread-safe.
#include <cstddef>

#include "mxedge/common/metric_family.hpp"
#include "mxedge/common/metrics.hpp"
#include "mxedge/common/metrics_registry.hpp"
#include "reconciler.hpp"

namespace mxedge::irc_worker {

enum class LeaseKind { kConnection, kReceiver };

class LeaseMetrics {
 public:
  explicit LeaseMetrics(common::MetricsRegistry& registry);

  common::Gauge& held(LeaseKind kind) { return *held_[Index(kind)]; }
  common::Counter& taken(LeaseKind kind) { return *taken_[Index(kind)]; }
  common::Counter& lost(LeaseKind kind) { return *lost_[Index(kind)]; }

  // A reconcile plan was applied and the worker now holds `held` connections. Taken: the
  // connections newly claimed (`open`); lost: those closed because another worker owns them now
  // or because the worker dropped everything (`close`). Released ones (QUIT, then Release) are
  // given up, not lost.
  void ConnectionPlanApplied(const ReconcilePlan& plan, std::size_t held);

 private:
  static int Index(LeaseKind kind) { return kind == LeaseKind::kConnection ? 0 : 1; }

  common::Gauge* held_[2];
  common::Counter* taken_[2];
  common::Counter* lost_[2];
};

}  // namespace mxedge::irc_worker
