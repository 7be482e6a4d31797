#include "lease_metrics.hpp"

namespace mxedge::irc_worker {

LeaseMetrics::LeaseMetrics(common::MetricsRegistry& registry) {
  auto& held = registry.AddGaugeFamily(
      "mxedge_irc_worker_leases_held",
      "Leases this worker holds: connection (irc:conn) and channel receiver (irc:recv).",
      {"lease"});
  auto& taken = registry.AddCounterFamily("mxedge_irc_worker_leases_taken_total",
                                          "Leases this worker acquired, by lease kind.", {"lease"});
  auto& lost = registry.AddCounterFamily(
      "mxedge_irc_worker_leases_lost_total",
      "Leases this worker found held by another worker (or dropped at a self-fence), by kind.",
      {"lease"});
  const char* names[2] = {"connection", "receiver"};
  for (int i = 0; i < 2; ++i) {
    held_[i] = &held.WithLabels({names[i]});
    taken_[i] = &taken.WithLabels({names[i]});
    lost_[i] = &lost.WithLabels({names[i]});
  }
}

void LeaseMetrics::ConnectionPlanApplied(const ReconcilePlan& plan, std::size_t held_count) {
  taken(LeaseKind::kConnection).Increment(plan.open.size());
  lost(LeaseKind::kConnection).Increment(plan.close.size());
  held(LeaseKind::kConnection).Set(static_cast<double>(held_count));
}

}  // namespace mxedge::irc_worker
