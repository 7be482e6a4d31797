#pragma once
// ConnectionReaper: applies ConnectionLimits on the reconcile thread. An idle connection, or one
// evicted to make room under max_connections, is QUIT, removed from irc:want (so no worker claims
// it again until the user talks: their channel memberships stay in irc:user-channels and are
// rejoined then) and released; the user is told in their admin room.
#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "connection_key.hpp"
#include "connection_limits.hpp"
#include "mxedge/common/metrics_registry.hpp"

namespace mxedge::irc_worker {

// What the reaper does to a connection; each may fail without stopping the others.
struct ReaperActions {
  std::function<void(const ConnectionKey&, std::string_view quit_message)> quit;
  std::function<absl::Status(const ConnectionKey&)> unwant;
  std::function<absl::Status(const ConnectionKey&)> release;
  std::function<void(const ConnectionKey&, std::string_view notice)> notify;
};

class ConnectionReaper {
 public:
  // `limits` (and `metrics` when given) must outlive this. With `metrics`:
  // mxedge_irc_worker_idle_closes_total and mxedge_irc_worker_limit_evictions_total.
  ConnectionReaper(ConnectionLimits& limits, ReaperActions actions,
                   common::MetricsRegistry* metrics = nullptr);

  // Ends every connection past its network's idle timeout; returns how many.
  int ReapIdle();
  // Before `key` opens: evicts the longest idle connections of its network until it fits;
  // returns how many.
  int MakeRoomFor(const ConnectionKey& key);

  int64_t idle_closed() const { return idle_closed_; }
  int64_t evicted() const { return evicted_; }

 private:
  void End(const ConnectionKey& key, std::string_view quit_message, std::string_view notice);

  ConnectionLimits& limits_;
  ReaperActions actions_;
  int64_t idle_closed_ = 0;
  int64_t evicted_ = 0;
  common::Counter* idle_counter_ = nullptr;
  common::Counter* evicted_counter_ = nullptr;
};

// "48h", "90m", "45s", "250ms": the largest whole unit.
std::string FormatIdleDuration(std::chrono::milliseconds duration);

}  // namespace mxedge::irc_worker
