#include "connection_metrics.hpp"

#include <string>
#include <vector>

namespace mxedge::irc_worker {
namespace {

const std::vector<double>& LoopLagBuckets() {
  static const std::vector<double> buckets = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.025,
                                              0.05,   0.1,   0.25,  0.5,   1.0};
  return buckets;
}

}  // namespace

ConnectionMetrics::ConnectionMetrics(common::MetricsRegistry& registry)
    : registrations(registry.AddCounter("mxedge_irc_worker_registrations_total",
                                        "IRC registrations completed (001 received).")),
      lines_received(registry.AddCounter("mxedge_irc_worker_lines_received_total",
                                         "IRC lines read from servers.")),
      lines_sent(registry.AddCounter("mxedge_irc_worker_lines_sent_total",
                                     "IRC lines written to servers.")),
      lines_malformed(registry.AddCounter("mxedge_irc_worker_lines_malformed_total",
                                          "IRC lines from servers that could not be parsed.")),
      flood_queue_depth(registry.AddGauge("mxedge_irc_worker_flood_queue_lines",
                                          "Lines waiting in flood queues.")),
      flood_drops(registry.AddCounter("mxedge_irc_worker_flood_drops_total",
                                      "Lines refused because a flood queue was full.")),
      echoes_outstanding(registry.AddGauge("mxedge_irc_worker_echoes_outstanding_lines",
                                           "Written lines waiting for their echo-message echo.")),
      connect_gate_waits(
          registry.AddCounter("mxedge_irc_worker_connect_gate_waits_total",
                              "Connect attempts delayed by the network-wide connect rate.")),
      loop_lag(registry.AddHistogram("mxedge_irc_worker_loop_lag_seconds",
                                     "Lateness of each event loop's periodic tick.",
                                     LoopLagBuckets())) {
  auto& state_family = registry.AddGaugeFamily("mxedge_irc_worker_connections_count",
                                               "IRC connections by state.", {"state"});
  for (int i = 0; i < kConnectionStateCount; ++i) {
    states[i] = &state_family.WithLabels(
        {std::string(ConnectionStateName(static_cast<ConnectionState>(i)))});
  }
  auto& closes_family = registry.AddCounterFamily("mxedge_irc_worker_closes_total",
                                                  "IRC connections closed, by reason.", {"reason"});
  auto& reconnects_family =
      registry.AddCounterFamily("mxedge_irc_worker_reconnects_total",
                                "Reconnects scheduled, by the close reason.", {"reason"});
  for (int i = 0; i < kCloseReasonCount; ++i) {
    const std::string reason(CloseReasonName(static_cast<CloseReason>(i)));
    closes[i] = &closes_family.WithLabels({reason});
    reconnects[i] = &reconnects_family.WithLabels({reason});
  }
}

}  // namespace mxedge::irc_worker
