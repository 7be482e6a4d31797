#include <gtest/gtest.h>

#include "mxedge/redis/commands.hpp"
#include "puppet_nick_records_contract.hpp"
#include "redis_puppet_nick_records.hpp"
#include "redis_test_env.hpp"

namespace mxedge::irc_worker {
namespace {

class RedisNickRecordsEnv : public RedisTestKeys {
 public:
  PuppetNickRecords& records() { return records_; }

 private:
  RedisPuppetNickRecords records_{client(), keys()};
};

INSTANTIATE_TYPED_TEST_SUITE_P(RedisNickRecords, PuppetNickRecordsContractTest,
                               RedisNickRecordsEnv);

TEST(RedisPuppetNickRecordsTest, PlainStringsWithoutExpiry) {
  RedisTestKeys env;
  RedisPuppetNickRecords records(env.client(), env.keys());
  ASSERT_TRUE(records.SetDisplayName("@a:hs", "Alice").ok());
  ASSERT_TRUE(records.SetChosenNick("libera", "@a:hs", "rabbit").ok());
  const std::string display = env.keys().prefix() + "irc:display:@a:hs";
  const std::string chosen = env.keys().prefix() + "irc:chosen-nick:libera:@a:hs";
  EXPECT_EQ(redis::Get(env.client(), display).value(), std::optional<std::string>("Alice"));
  EXPECT_EQ(redis::Get(env.client(), chosen).value(), std::optional<std::string>("rabbit"));
  EXPECT_EQ(env.PTtl(display), -1);
  EXPECT_EQ(env.PTtl(chosen), -1);
}

}  // namespace
}  // namespace mxedge::irc_worker
