#include "channel_receivers.hpp"

#include <gtest/gtest.h>

#include "channel_receivers_contract.hpp"
#include "in_memory_channel_receivers.hpp"
#include "in_memory_puppet_nicks.hpp"
#include "mxedge/testing/fake_clock.hpp"
#include "puppet_nicks_contract.hpp"

namespace mxedge::irc_worker {
namespace {

using namespace std::chrono_literals;

class InMemoryReceiversEnv {
 public:
  ChannelReceivers& receivers() { return receivers_; }

 private:
  mxedge::testing::FakeClock clock_;
  InMemoryChannelReceivers receivers_{clock_};
};

class InMemoryNicksEnv {
 public:
  PuppetNicks& nicks() { return nicks_; }

 private:
  InMemoryPuppetNicks nicks_;
};

INSTANTIATE_TYPED_TEST_SUITE_P(InMemoryReceivers, ChannelReceiversContractTest,
                               InMemoryReceiversEnv);
INSTANTIATE_TYPED_TEST_SUITE_P(InMemoryNicks, PuppetNicksContractTest, InMemoryNicksEnv);

TEST(ParseReceiverTest, SplitsAtTheFirstColon) {
  EXPECT_EQ(ParseReceiver("worker-a:@u:hs:8448").value(), (Receiver{"worker-a", "@u:hs:8448"}));
  EXPECT_EQ(ParseReceiver("worker-a").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseReceiver(":@u:hs").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseReceiver("worker-a:").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Receiver({"worker-a", "@u:hs"}).ToString(), "worker-a:@u:hs");
}

TEST(InMemoryChannelReceiversTest, AnExpiredLeaseIsFreeAndRenewalExtendsIt) {
  mxedge::testing::FakeClock clock;
  InMemoryChannelReceivers receivers(clock);
  const Receiver a{"worker-a", "@a:hs"};
  const Receiver b{"worker-b", "@b:hs"};
  ASSERT_TRUE(receivers.TryAcquire("libera", "#chan", a, 30s).value().acquired);
  clock.Advance(20s);
  ASSERT_TRUE(receivers.TryAcquire("libera", "#chan", a, 30s).value().acquired);
  clock.Advance(29s);
  EXPECT_FALSE(receivers.TryAcquire("libera", "#chan", b, 30s).value().acquired);
  clock.Advance(1s);
  EXPECT_EQ(receivers.Current("libera", "#chan").value(), std::nullopt);
  EXPECT_EQ(receivers.TryAcquire("libera", "#chan", b, 30s).value(), (ReceiverClaim{true, b}));
}

}  // namespace
}  // namespace mxedge::irc_worker
