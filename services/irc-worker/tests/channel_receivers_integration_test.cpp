#include <gtest/gtest.h>

#include <thread>

#include "channel_receivers_contract.hpp"
#include "puppet_nicks_contract.hpp"
#include "redis_channel_receivers.hpp"
#include "redis_puppet_nicks.hpp"
#include "redis_test_env.hpp"

namespace mxedge::irc_worker {
namespace {

class RedisReceiversEnv : public RedisTestKeys {
 public:
  ChannelReceivers& receivers() { return receivers_; }

 private:
  RedisChannelReceivers receivers_{client(), keys()};
};

class RedisNicksEnv : public RedisTestKeys {
 public:
  PuppetNicks& nicks() { return nicks_; }

 private:
  RedisPuppetNicks nicks_{client(), keys()};
};

INSTANTIATE_TYPED_TEST_SUITE_P(RedisReceivers, ChannelReceiversContractTest, RedisReceiversEnv);
INSTANTIATE_TYPED_TEST_SUITE_P(RedisNicks, PuppetNicksContractTest, RedisNicksEnv);

TEST(RedisChannelReceiversTest, TheLeaseIsAThirtySecondPx) {
  RedisTestKeys env;
  RedisChannelReceivers receivers(env.client(), env.keys());
  ASSERT_TRUE(receivers.TryAcquire("libera", "#chan", {"worker-a", "@a:hs"}, kReceiverLease)
                  .value()
                  .acquired);
  const std::string key = env.keys().Receiver("libera", "#chan");
  EXPECT_EQ(redis::Get(env.client(), key).value(), "worker-a:@a:hs");
  const int64_t pttl = env.PTtl(key);
  EXPECT_GT(pttl, kReceiverLease.count() - 5'000);
  EXPECT_LE(pttl, kReceiverLease.count());
}

TEST(RedisChannelReceiversTest, AnotherConnectionStealsTheLeaseOnceItExpires) {
  RedisTestKeys env;
  RedisChannelReceivers receivers(env.client(), env.keys());
  const Receiver a{"worker-a", "@a:hs"};
  const Receiver b{"worker-b", "@b:hs"};
  ASSERT_TRUE(
      receivers.TryAcquire("libera", "#chan", a, std::chrono::milliseconds(150)).value().acquired);
  EXPECT_FALSE(receivers.TryAcquire("libera", "#chan", b, kReceiverLease).value().acquired);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!receivers.TryAcquire("libera", "#chan", b, kReceiverLease).value().acquired) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "receiver lease never expired";
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(receivers.Current("libera", "#chan").value(), std::optional(b));
}

TEST(RedisChannelReceiversTest, AStoredHolderThatIsNotOneIsDataLoss) {
  RedisTestKeys env;
  RedisChannelReceivers receivers(env.client(), env.keys());
  ASSERT_TRUE(redis::Set(env.client(), env.keys().Receiver("libera", "#chan"), "nocolon").ok());
  EXPECT_EQ(receivers.Current("libera", "#chan").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(receivers.TryAcquire("libera", "#chan", {"worker-a", "@a:hs"}, kReceiverLease)
                .status()
                .code(),
            absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace mxedge::irc_worker
