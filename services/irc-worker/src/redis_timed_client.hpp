#pragma once
// RedisTimedClient: a RedisClient that forwards every call to another one and records how long
// it took in `mxedge_irc_worker_redis_command_seconds{family}`. The App gives each store its own
// instance named after what it does (registry, claims, connect_rate, deliveries, rooms,
// line_records, puppet_nicks, receivers, readiness), so the histogram tells which part of the
// worker waits on Redis. Failed calls are timed too and also counted in
// `mxedge_irc_worker_redis_errors_total{family}`. Thread-safe when the inner client is.
#include <span>
#include <string>
#include <vector>

#include "mxedge/common/clock.hpp"
#include "mxedge/common/metric_family.hpp"
#include "mxedge/common/metrics.hpp"
#include "mxedge/common/metrics_registry.hpp"
#include "mxedge/redis/redis_client.hpp"

namespace mxedge::irc_worker {

// The two metric families every RedisTimedClient of a process shares.
class RedisLatencyMetrics {
 public:
  explicit RedisLatencyMetrics(common::MetricsRegistry& registry);

  common::Histogram& Latency(const std::string& family) { return latency_.WithLabels({family}); }
  common::Counter& Errors(const std::string& family) { return errors_.WithLabels({family}); }

 private:
  common::HistogramFamily& latency_;
  common::CounterFamily& errors_;
};

class RedisTimedClient final : public redis::RedisClient {
 public:
  // `inner`, `metrics` and `clock` must outlive the client. `family` is a fixed label value
  // (never a key, user or room).
  RedisTimedClient(redis::RedisClient& inner, RedisLatencyMetrics& metrics,
                   const common::Clock& clock, std::string family);

  absl::StatusOr<redis::Reply> Execute(std::span<const std::string> args,
                                       redis::CallOptions options = {}) override;
  absl::StatusOr<std::vector<redis::Reply>> Pipeline(
      const std::vector<std::vector<std::string>>& commands,
      redis::CallOptions options = {}) override;

 private:
  void Record(std::chrono::steady_clock::time_point started, bool ok);

  redis::RedisClient& inner_;
  const common::Clock& clock_;
  common::Histogram& latency_;
  common::Counter& errors_;
};

}  // namespace mxedge::irc_worker
