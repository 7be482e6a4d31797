#include "mxedge/ownership/redis_member_registry.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "member_registry_contract.hpp"
#include "mxedge/redis/commands.hpp"
#include "mxedge/testing/fake_clock.hpp"
#include "redis_env.hpp"

namespace mxedge::ownership {
namespace {

// Heartbeats are computed from the registry's clock, not Redis time, so a FakeClock drives the
// real Redis implementation as well.
class RedisRegistryEnv : public RedisKeyspace {
 public:
  MemberRegistry& registry() { return registry_; }
  mxedge::testing::FakeClock& clock() { return clock_; }

 private:
  mxedge::testing::FakeClock clock_;
  RedisMemberRegistry registry_{client(), Key("irc:workers"), clock_};
};

INSTANTIATE_TYPED_TEST_SUITE_P(RedisRegistryContract, MemberRegistryContractTest, RedisRegistryEnv);

TEST(RedisMemberRegistryTest, StoresHeartbeatsAsUnixMsScores) {
  RedisKeyspace keyspace;
  mxedge::testing::FakeClock clock;
  RedisMemberRegistry registry(keyspace.client(), keyspace.Key("as:routers"), clock);
  ASSERT_TRUE(registry.Register("router-a").ok());
  EXPECT_EQ(redis::ZScore(keyspace.client(), registry.set_key(), "router-a").value(),
            static_cast<double>(mxedge::testing::FakeClock::kDefaultStartUnixMs));
}

TEST(RedisMemberRegistryTest, ReportsAScoreThatIsNotAUnixTime) {
  RedisKeyspace keyspace;
  mxedge::testing::FakeClock clock;
  RedisMemberRegistry registry(keyspace.client(), keyspace.Key("irc:workers"), clock);
  ASSERT_TRUE(redis::ZAdd(keyspace.client(), registry.set_key(), "worker-x",
                          static_cast<double>(clock.NowUnixMs()) + 0.5)
                  .ok());
  const absl::StatusOr<std::vector<Member>> live = registry.ListLive(std::chrono::seconds(30));
  EXPECT_EQ(live.status().code(), absl::StatusCode::kDataLoss) << live.status();
  EXPECT_NE(live.status().message().find("worker-x"), std::string::npos) << live.status();
  EXPECT_EQ(registry.IsLive("worker-x", std::chrono::seconds(30)).status().code(),
            absl::StatusCode::kDataLoss);
  // Once stale, such an entry is evicted like any other, reported with heartbeat 0.
  clock.Advance(std::chrono::seconds(31));
  EXPECT_THAT(registry.EvictStale(std::chrono::seconds(30)).value(),
              ::testing::ElementsAre(Member{"worker-x", 0}));
}

}  // namespace
}  // namespace mxedge::ownership
