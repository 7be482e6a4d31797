#include "connection_reaper.hpp"

#include <utility>

#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

using common::Cat;

std::string FormatIdleDuration(std::chrono::milliseconds duration) {
  const int64_t ms = duration.count();
  if (ms >= 3'600'000 && ms % 3'600'000 == 0) {
    return Cat(ms / 3'600'000, "h");
  }
  if (ms >= 60'000 && ms % 60'000 == 0) {
    return Cat(ms / 60'000, "m");
  }
  if (ms >= 1'000 && ms % 1'000 == 0) {
    return Cat(ms / 1'000, "s");
  }
  return Cat(ms, "ms");
}

ConnectionReaper::ConnectionReaper(ConnectionLimits& limits, ReaperActions actions,
                                   common::MetricsRegistry* metrics)
    : limits_(limits), actions_(std::move(actions)) {
  if (metrics != nullptr) {
    idle_counter_ =
        &metrics->AddCounter("mxedge_irc_worker_idle_closes_total",
                             "Puppet connections QUIT after the network's idle_timeout.");
    evicted_counter_ = &metrics->AddCounter(
        "mxedge_irc_worker_limit_evictions_total",
        "Puppet connections QUIT to stay within the network's max_connections.");
  }
}

void ConnectionReaper::End(const ConnectionKey& key, std::string_view quit_message,
                           std::string_view notice) {
  // Unwanted first: no worker may claim it again in between.
  if (absl::Status s = actions_.unwant(key); !s.ok()) {
    common::LogWarn("idle connection kept: not removed from irc:want",
                    {{"network", key.network}, {"error", s.ToString()}});
    return;
  }
  actions_.quit(key, quit_message);
  limits_.Closed(key);
  if (absl::Status s = actions_.release(key); !s.ok()) {
    common::LogWarn("release failed", {{"network", key.network}, {"error", s.ToString()}});
  }
  actions_.notify(key, notice);
}

int ConnectionReaper::ReapIdle() {
  int ended = 0;
  for (const ConnectionKey& key : limits_.Idle()) {
    // The configured timeout, not the exact idle time: the round that saw it runs a little later.
    const std::string idle = FormatIdleDuration(limits_.IdleTimeout(key.network));
    End(key, Cat("Idle for ", idle),
        Cat("You sent nothing to ", key.network, " for ", idle,
            ", so your IRC connection was closed. It reconnects and rejoins your channels when "
            "you next talk in a bridged room."));
    if (!limits_.IdleFor(key).has_value()) {
      ++ended;
      ++idle_closed_;
      if (idle_counter_ != nullptr) {
        idle_counter_->Increment();
      }
      common::LogInfo("idle connection closed", {{"network", key.network}, {"idle", idle}});
    }
  }
  return ended;
}

int ConnectionReaper::MakeRoomFor(const ConnectionKey& key) {
  int ended = 0;
  for (const ConnectionKey& victim : limits_.EvictionsFor(key)) {
    End(victim, "Connection limit reached",
        Cat("This bridge's connection limit on ", victim.network,
            " was reached and your connection was the one idle longest, so it was closed. It "
            "reconnects and rejoins your channels when you next talk in a bridged room."));
    if (!limits_.IdleFor(victim).has_value()) {
      ++ended;
      ++evicted_;
      if (evicted_counter_ != nullptr) {
        evicted_counter_->Increment();
      }
      common::LogInfo("connection evicted for the connection limit", {{"network", victim.network}});
    }
  }
  return ended;
}

}  // namespace mxedge::irc_worker
