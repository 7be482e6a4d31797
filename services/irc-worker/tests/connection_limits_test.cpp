#include "connection_limits.hpp"

#include <chrono>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::irc_worker {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

ConnectionKey Key(std::string mxid, std::string network = "libera") {
  return ConnectionKey{std::move(network), std::move(mxid)};
}

TEST(ConnectionLimitsTest, ConnectionIsIdleOnlyAfterTheTimeoutWithoutActivity) {
  testing::FakeClock clock;
  ConnectionLimits limits(clock, {{"libera", {.idle_timeout = hours(48)}}});
  limits.Opened(Key("@a:hs"));
  limits.Opened(Key("@b:hs"));
  clock.Advance(hours(47));
  limits.Active(Key("@b:hs"));
  EXPECT_THAT(limits.Idle(), IsEmpty());
  clock.Advance(hours(1));
  EXPECT_THAT(limits.Idle(), ElementsAre(Key("@a:hs")));
  EXPECT_EQ(limits.IdleFor(Key("@a:hs")), milliseconds(hours(48)));
  EXPECT_EQ(limits.IdleFor(Key("@b:hs")), milliseconds(hours(1)));
}

TEST(ConnectionLimitsTest, ZeroTimeoutAndUnknownNetworksNeverIdleOut) {
  testing::FakeClock clock;
  ConnectionLimits limits(clock, {{"libera", {.idle_timeout = milliseconds(0)}}});
  limits.Opened(Key("@a:hs"));
  limits.Opened(Key("@a:hs", "oftc"));
  clock.Advance(hours(10'000));
  EXPECT_THAT(limits.Idle(), IsEmpty());
}

TEST(ConnectionLimitsTest, IdleListIsLongestIdleFirstAndReopenKeepsTheOldTime) {
  testing::FakeClock clock;
  ConnectionLimits limits(clock, {{"libera", {.idle_timeout = minutes(1)}}});
  limits.Opened(Key("@b:hs"));
  clock.Advance(minutes(1));
  limits.Opened(Key("@a:hs"));
  limits.Opened(Key("@b:hs"));  // a reconnect: still idle since the first open
  clock.Advance(minutes(1));
  EXPECT_THAT(limits.Idle(), ElementsAre(Key("@b:hs"), Key("@a:hs")));
  limits.Closed(Key("@b:hs"));
  EXPECT_THAT(limits.Idle(), ElementsAre(Key("@a:hs")));
  limits.Active(Key("@b:hs"));  // not tracked any more: ignored
  EXPECT_FALSE(limits.IdleFor(Key("@b:hs")).has_value());
}

TEST(ConnectionLimitsTest, EvictsTheLongestIdleOfTheSameNetworkToFitTheCap) {
  testing::FakeClock clock;
  ConnectionLimits limits(clock, {{"libera", {.max_connections = 2}}});
  limits.Opened(Key("@a:hs"));
  clock.Advance(minutes(1));
  limits.Opened(Key("@b:hs"));
  limits.Opened(Key("@x:hs", "oftc"));
  clock.Advance(minutes(1));
  limits.Active(Key("@a:hs"));  // b is now the one idle longest
  EXPECT_THAT(limits.EvictionsFor(Key("@c:hs")), ElementsAre(Key("@b:hs")));
  EXPECT_THAT(limits.EvictionsFor(Key("@a:hs")), IsEmpty());  // already open
  EXPECT_THAT(limits.EvictionsFor(Key("@y:hs", "oftc")), IsEmpty());
  limits.Closed(Key("@b:hs"));
  EXPECT_THAT(limits.EvictionsFor(Key("@c:hs")), IsEmpty());
  EXPECT_EQ(limits.Count("libera"), 1u);
}

TEST(ConnectionLimitsTest, EvictsSeveralWhenOverTheCapAlready) {
  testing::FakeClock clock;
  ConnectionLimits limits(clock, {{"libera", {.max_connections = 1}}});
  limits.Opened(Key("@a:hs"));
  clock.Advance(minutes(1));
  limits.Opened(Key("@b:hs"));
  EXPECT_THAT(limits.EvictionsFor(Key("@c:hs")), ElementsAre(Key("@a:hs"), Key("@b:hs")));
}

}  // namespace
}  // namespace mxedge::irc_worker
