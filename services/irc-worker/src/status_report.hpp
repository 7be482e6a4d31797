#pragma once
// StatusReport: IrcControl.GetStatus's totals and per-connection details built from the engine's
// connection snapshots (ConnectionManager::List). Pure: the caller takes the snapshots.
//
// Totals cover the snapshots passed (the caller filters by network): connection_count (all
// states), ready_count, channel_count (channels joined, summed over connections), max_lag_ms
// (highest last round trip over READY connections) and avg_lag_ms (mean of the READY
// connections' average round trips, over those that measured one).
#include <cstdint>
#include <vector>

#include "connection_manager.hpp"
#include "mxedge/v1/irc_control.pb.h"

namespace mxedge::irc_worker {

// The wire state of an engine state: idle (waiting for the connect gate) is BACKOFF, registered
// is READY.
v1::ConnectionState ToWireState(ConnectionState state);

// Sets the totals of `reply` and, with `include_connections`, appends one ConnectionStatus per
// snapshot with `epoch` (this worker's ownership epoch; 0 when not registered).
void FillStatusReply(const std::vector<ConnectionSnapshot>& connections, bool include_connections,
                     int64_t epoch, v1::GetStatusReply& reply);

}  // namespace mxedge::irc_worker
