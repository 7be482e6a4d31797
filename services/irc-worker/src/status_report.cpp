#include "status_report.hpp"

#include <algorithm>
#include <chrono>

namespace mxedge::irc_worker {

v1::ConnectionState ToWireState(ConnectionState state) {
  switch (state) {
    case ConnectionState::kIdle:
    case ConnectionState::kBackoff:
      return v1::CONNECTION_STATE_BACKOFF;
    case ConnectionState::kConnecting:
      return v1::CONNECTION_STATE_CONNECTING;
    case ConnectionState::kRegistering:
      return v1::CONNECTION_STATE_REGISTERING;
    case ConnectionState::kRegistered:
      return v1::CONNECTION_STATE_READY;
    case ConnectionState::kClosing:
      return v1::CONNECTION_STATE_CLOSING;
    case ConnectionState::kFailed:
      return v1::CONNECTION_STATE_FAILED;
  }
  return v1::CONNECTION_STATE_UNSPECIFIED;
}

void FillStatusReply(const std::vector<ConnectionSnapshot>& connections, bool include_connections,
                     int64_t epoch, v1::GetStatusReply& reply) {
  int32_t ready = 0;
  int32_t channels = 0;
  int64_t max_lag_ms = 0;
  int64_t lag_sum_ms = 0;
  int64_t lag_count = 0;
  for (const ConnectionSnapshot& snapshot : connections) {
    const ConnectionInfo& info = snapshot.info;
    const bool is_ready = info.state == ConnectionState::kRegistered;
    channels += static_cast<int32_t>(info.channels.size());
    if (is_ready) {
      ++ready;
      if (info.lag_last) {
        max_lag_ms = std::max<int64_t>(max_lag_ms, info.lag_last->count());
      }
      if (info.lag_average) {
        lag_sum_ms += info.lag_average->count();
        ++lag_count;
      }
    }
    if (!include_connections) {
      continue;
    }
    v1::ConnectionStatus* status = reply.add_connections();
    status->set_network(snapshot.key.network);
    status->set_user_id(snapshot.key.mxid);
    status->set_nick(info.nick);
    status->set_state(ToWireState(info.state));
    for (const std::string& channel : info.channels) {
      status->add_channels(channel);
    }
    for (const std::string& cap : info.caps) {
      status->add_caps(cap);
    }
    status->set_lag_ms(info.lag_last ? info.lag_last->count() : 0);
    status->set_avg_lag_ms(info.lag_average ? info.lag_average->count() : 0);
    if (is_ready && info.registered_at) {
      status->set_connected_since_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                                         info.registered_at->time_since_epoch())
                                         .count());
    }
    status->set_epoch(epoch);
  }
  reply.set_connection_count(static_cast<int32_t>(connections.size()));
  reply.set_ready_count(ready);
  reply.set_channel_count(channels);
  reply.set_max_lag_ms(max_lag_ms);
  reply.set_avg_lag_ms(lag_count == 0 ? 0 : lag_sum_ms / lag_count);
}

}  // namespace mxedge::irc_worker
