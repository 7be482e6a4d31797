#include "redis_timed_client.hpp"

#include <utility>

namespace mxedge::irc_worker {
namespace {

// Loopback Redis answers in about 100 µs; a loaded one or a blocking call takes seconds.
constexpr double kRedisBuckets[] = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                    0.025,  0.05,    0.1,    0.25,  0.5,    1.0,   2.5};

}  // namespace

RedisLatencyMetrics::RedisLatencyMetrics(common::MetricsRegistry& registry)
    : latency_(registry.AddHistogramFamily(
          "mxedge_irc_worker_redis_command_seconds",
          "Duration of Redis calls (one command or one pipeline), by the part of the worker "
          "making them.",
          {"family"}, kRedisBuckets)),
      errors_(registry.AddCounterFamily("mxedge_irc_worker_redis_errors_total",
                                        "Redis calls that failed (transport, timeout or an error "
                                        "reply), by the part of the worker making them.",
                                        {"family"})) {}

RedisTimedClient::RedisTimedClient(redis::RedisClient& inner, RedisLatencyMetrics& metrics,
                                   const common::Clock& clock, std::string family)
    : inner_(inner),
      clock_(clock),
      latency_(metrics.Latency(family)),
      errors_(metrics.Errors(family)) {}

void RedisTimedClient::Record(std::chrono::steady_clock::time_point started, bool ok) {
  latency_.Observe(std::chrono::duration<double>(clock_.SteadyNow() - started).count());
  if (!ok) {
    errors_.Increment();
  }
}

absl::StatusOr<redis::Reply> RedisTimedClient::Execute(std::span<const std::string> args,
                                                       redis::CallOptions options) {
  const auto started = clock_.SteadyNow();
  absl::StatusOr<redis::Reply> reply = inner_.Execute(args, std::move(options));
  Record(started, reply.ok());
  return reply;
}

absl::StatusOr<std::vector<redis::Reply>> RedisTimedClient::Pipeline(
    const std::vector<std::vector<std::string>>& commands, redis::CallOptions options) {
  const auto started = clock_.SteadyNow();
  absl::StatusOr<std::vector<redis::Reply>> replies = inner_.Pipeline(commands, std::move(options));
  Record(started, replies.ok());
  return replies;
}

}  // namespace mxedge::irc_worker
