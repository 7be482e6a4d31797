#include <gtest/gtest.h>

#include "mxedge/redis/commands.hpp"
#include "mxedge/redis/script.hpp"
#include "ownership_contract.hpp"
#include "redis_connection_claims.hpp"
#include "redis_test_env.hpp"
#include "redis_worker_registry.hpp"

namespace mxedge::irc_worker {
namespace {

class RedisOwnershipEnv : public RedisTestKeys {
 public:
  WorkerRegistry& registry() { return registry_; }
  ConnectionClaims& claims() { return claims_; }
  // Sets the worker's heartbeat to Redis TIME − age.
  void AgeHeartbeat(std::string_view worker_id, std::chrono::milliseconds age) {
    static const redis::Script age_script(R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('ZADD', KEYS[1], 'XX', now - tonumber(ARGV[2]), ARGV[1])
)lua");
    const std::vector<std::string> keys_list = {keys().Workers()};
    const std::vector<std::string> args = {std::string(worker_id), std::to_string(age.count())};
    absl::StatusOr<redis::Reply> reply = redis::EvalScript(client(), age_script, keys_list, args);
    ASSERT_TRUE(reply.ok()) << reply.status();
  }

 private:
  RedisWorkerRegistry registry_{client(), keys()};
  RedisConnectionClaims claims_{client(), keys()};
};

INSTANTIATE_TYPED_TEST_SUITE_P(RedisOwnership, OwnershipContractTest, RedisOwnershipEnv);

TEST(RedisOwnershipTest, RecordsAreTheOnesTheRouterReads) {
  RedisTestKeys env;
  RedisWorkerRegistry registry(env.client(), env.keys());
  RedisConnectionClaims claims(env.client(), env.keys());
  const int64_t epoch = registry.Register(WorkerAdvert{"worker-a", "10.1.2.3:50052", 9}).value();
  ASSERT_TRUE(claims.TryClaim({"worker-a", epoch}, "libera", "@u:hs", std::chrono::seconds(30))
                  .value()
                  .claimed);
  const std::string prefix = env.keys().prefix();
  EXPECT_EQ(redis::HGet(env.client(), prefix + "irc:worker:worker-a", "grpc_address").value(),
            "10.1.2.3:50052");
  EXPECT_EQ(redis::Get(env.client(), prefix + "irc:conn:libera:@u:hs").value(),
            "worker-a:" + std::to_string(epoch));
  // The heartbeat score is Redis TIME in unix ms, as the router's registry compares it.
  const double score =
      redis::ZScore(env.client(), prefix + "irc:workers", "worker-a").value().value();
  const double wall_ms =
      static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count());
  EXPECT_NEAR(score, wall_ms, 5'000);
}

TEST(RedisOwnershipTest, ARecordThatIsNotALeaseIsFreeToClaim) {
  RedisTestKeys env;
  RedisWorkerRegistry registry(env.client(), env.keys());
  RedisConnectionClaims claims(env.client(), env.keys());
  const int64_t epoch = registry.Register(WorkerAdvert{"worker-a", "h:1", 9}).value();
  ASSERT_TRUE(redis::Set(env.client(), env.keys().Conn("libera", "@u:hs"), "garbage").ok());
  ASSERT_TRUE(claims.AddWanted("libera", "@u:hs").ok());
  EXPECT_EQ(claims.ListWanted("libera", std::chrono::seconds(30)).value(),
            (std::vector<WantedConnection>{{"@u:hs", std::nullopt, false}}));
  EXPECT_TRUE(claims.TryClaim({"worker-a", epoch}, "libera", "@u:hs", std::chrono::seconds(30))
                  .value()
                  .claimed);
}

}  // namespace
}  // namespace mxedge::irc_worker
