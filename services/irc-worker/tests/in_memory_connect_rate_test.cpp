#include "in_memory_connect_rate.hpp"

#include <gtest/gtest.h>

#include "connect_rate_contract.hpp"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::irc_worker {
namespace {

using namespace std::chrono_literals;

class InMemoryConnectRateEnv {
 public:
  ConnectRate& rate() { return rate_; }

 private:
  mxedge::testing::FakeClock clock_;
  InMemoryConnectRate rate_{clock_};
};

INSTANTIATE_TYPED_TEST_SUITE_P(InMemoryConnectRate, ConnectRateContractTest,
                               InMemoryConnectRateEnv);

TEST(InMemoryConnectRateTest, RefillsAtTheRateUpToTheBurst) {
  mxedge::testing::FakeClock clock;
  InMemoryConnectRate rate(clock);
  const ConnectRateLimit limit{2.0, 2};
  EXPECT_TRUE(rate.TryAcquire("libera", limit).value().granted);
  EXPECT_TRUE(rate.TryAcquire("libera", limit).value().granted);
  EXPECT_EQ(rate.TryAcquire("libera", limit).value(), (ConnectPermit{false, 500ms}));
  clock.Advance(250ms);
  EXPECT_EQ(rate.TryAcquire("libera", limit).value(), (ConnectPermit{false, 250ms}));
  clock.Advance(250ms);
  EXPECT_TRUE(rate.TryAcquire("libera", limit).value().granted);
  // A long idle period refills to the burst, not beyond.
  clock.Advance(1h);
  EXPECT_TRUE(rate.TryAcquire("libera", limit).value().granted);
  EXPECT_TRUE(rate.TryAcquire("libera", limit).value().granted);
  EXPECT_FALSE(rate.TryAcquire("libera", limit).value().granted);
}

TEST(InMemoryConnectRateTest, TwoWorkersTogetherHoldTheRate) {
  mxedge::testing::FakeClock clock;
  InMemoryConnectRate shared(clock);
  const ConnectRateLimit limit{10.0, 5};
  int granted = 0;
  // Two workers each try every 10 ms for 60 simulated seconds.
  for (int tick = 0; tick < 6000; ++tick) {
    for (int worker = 0; worker < 2; ++worker) {
      granted += shared.TryAcquire("libera", limit).value().granted ? 1 : 0;
    }
    clock.Advance(10ms);
  }
  EXPECT_GE(granted, 600);
  EXPECT_LE(granted, 5 + 600);
}

TEST(InMemoryConnectRateTest, AWallClockStepBackwardsGrantsNothingExtra) {
  mxedge::testing::FakeClock clock;
  InMemoryConnectRate rate(clock);
  const ConnectRateLimit limit{1.0, 1};
  EXPECT_TRUE(rate.TryAcquire("libera", limit).value().granted);
  clock.SetNowUnixMs(clock.NowUnixMs() - 60'000);
  EXPECT_FALSE(rate.TryAcquire("libera", limit).value().granted);
}

}  // namespace
}  // namespace mxedge::irc_worker
