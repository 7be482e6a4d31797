#pragma once
// The connection-level metrics of irc-worker (mxedge_irc_worker_...), registered once per
// process and shared by every connection and loop. All members are safe to use from any thread.
#include <array>

#include "connection_events.hpp"
#include "mxedge/common/metrics.hpp"
#include "mxedge/common/metrics_registry.hpp"

namespace mxedge::irc_worker {

struct ConnectionMetrics {
  explicit ConnectionMetrics(common::MetricsRegistry& registry);

  void StateChanged(ConnectionState from, ConnectionState to) {
    states[static_cast<int>(from)]->Decrement();
    states[static_cast<int>(to)]->Increment();
  }
  // A connection appears in (or leaves) the gauges in `state`.
  void Added(ConnectionState state) { states[static_cast<int>(state)]->Increment(); }
  void Removed(ConnectionState state) { states[static_cast<int>(state)]->Decrement(); }

  std::array<common::Gauge*, kConnectionStateCount> states{};
  common::Counter& registrations;
  common::Counter& lines_received;
  common::Counter& lines_sent;
  common::Counter& lines_malformed;
  common::Gauge& flood_queue_depth;  // lines waiting in every flood queue together
  common::Counter& flood_drops;
  common::Gauge& echoes_outstanding;
  std::array<common::Counter*, kCloseReasonCount> closes{};
  std::array<common::Counter*, kCloseReasonCount> reconnects{};
  common::Counter& connect_gate_waits;
  common::Histogram& loop_lag;  // seconds a loop's periodic tick ran late
};

}  // namespace mxedge::irc_worker
