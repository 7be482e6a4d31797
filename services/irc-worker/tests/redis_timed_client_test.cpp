#include "redis_timed_client.hpp"

#include <gtest/gtest.h>

#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::irc_worker {
namespace {

using std::chrono::microseconds;

// Answers after advancing the fake clock by `delay`; fails when `fail` is set.
class SlowRedis final : public redis::RedisClient {
 public:
  SlowRedis(testing::FakeClock& clock, microseconds delay) : clock_(clock), delay_(delay) {}

  absl::StatusOr<redis::Reply> Execute(std::span<const std::string> args,
                                       redis::CallOptions) override {
    clock_.Advance(delay_);
    last_command = args.empty() ? "" : args[0];
    if (fail) {
      return absl::UnavailableError("redis 127.0.0.1:1: connection refused");
    }
    return redis::Reply::Status("PONG");
  }
  absl::StatusOr<std::vector<redis::Reply>> Pipeline(
      const std::vector<std::vector<std::string>>& commands, redis::CallOptions) override {
    clock_.Advance(delay_);
    return std::vector<redis::Reply>(commands.size(), redis::Reply::Integer(1));
  }

  bool fail = false;
  std::string last_command;

 private:
  testing::FakeClock& clock_;
  microseconds delay_;
};

TEST(RedisTimedClientTest, RecordsEachCallInItsFamily) {
  testing::FakeClock clock;
  SlowRedis inner(clock, microseconds(300));
  common::MetricsRegistry registry;
  RedisLatencyMetrics metrics(registry);
  RedisTimedClient claims(inner, metrics, clock, "claims");
  RedisTimedClient nicks(inner, metrics, clock, "puppet_nicks");

  std::vector<std::string> ping = {"PING"};
  absl::StatusOr<redis::Reply> reply = claims.Execute(ping);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(inner.last_command, "PING");
  absl::StatusOr<std::vector<redis::Reply>> replies = nicks.Pipeline({{"GET", "a"}, {"GET", "b"}});
  ASSERT_TRUE(replies.ok());
  EXPECT_EQ(replies->size(), 2u);

  common::Histogram& claims_latency = metrics.Latency("claims");
  EXPECT_EQ(claims_latency.CumulativeCounts().back(), 1u);
  EXPECT_NEAR(claims_latency.Sum(), 0.0003, 1e-9);
  // 300 µs lands above the 250 µs bound and within the 500 µs one.
  EXPECT_EQ(claims_latency.CumulativeCounts()[1], 0u);
  EXPECT_EQ(claims_latency.CumulativeCounts()[2], 1u);
  EXPECT_EQ(metrics.Latency("puppet_nicks").CumulativeCounts().back(), 1u);
  EXPECT_EQ(metrics.Errors("claims").Value(), 0u);
}

TEST(RedisTimedClientTest, FailedCallsAreTimedCountedAndReturnedUnchanged) {
  testing::FakeClock clock;
  SlowRedis inner(clock, microseconds(2000));
  inner.fail = true;
  common::MetricsRegistry registry;
  RedisLatencyMetrics metrics(registry);
  RedisTimedClient registry_client(inner, metrics, clock, "registry");
  std::vector<std::string> ping = {"PING"};
  absl::StatusOr<redis::Reply> reply = registry_client.Execute(ping);
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(metrics.Errors("registry").Value(), 1u);
  EXPECT_EQ(metrics.Latency("registry").CumulativeCounts().back(), 1u);
  EXPECT_NE(registry.RenderText().find("mxedge_irc_worker_redis_command_seconds_bucket{family="
                                       "\"registry\",le=\"0.0025\"} 1"),
            std::string::npos)
      << registry.RenderText();
}

}  // namespace
}  // namespace mxedge::irc_worker
