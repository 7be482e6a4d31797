#include "mxedge/bridge/stale_event_filter.hpp"

#include <gtest/gtest.h>

namespace mxedge::bridge {
namespace {

using std::chrono::seconds;

TEST(IsStaleEventTest, UsesAgeFirst) {
  const nlohmann::json event = {{"origin_server_ts", 0}, {"unsigned", {{"age", 1000}}}};
  EXPECT_FALSE(IsStaleEvent(event, 1'000'000'000, seconds(60)));
  EXPECT_TRUE(IsStaleEvent({{"unsigned", {{"age", 60001}}}}, 0, seconds(60)));
}

TEST(IsStaleEventTest, FallsBackToOriginServerTs) {
  EXPECT_TRUE(IsStaleEvent({{"origin_server_ts", 1000}}, 62'000, seconds(60)));
  EXPECT_FALSE(IsStaleEvent({{"origin_server_ts", 1000}}, 61'000, seconds(60)));
}

TEST(IsStaleEventTest, DisabledOrUnknownKeeps) {
  EXPECT_FALSE(IsStaleEvent({{"origin_server_ts", 0}}, 1'000'000, seconds(0)));
  EXPECT_FALSE(IsStaleEvent({{"type", "m.room.message"}}, 1'000'000, seconds(60)));
  EXPECT_FALSE(IsStaleEvent({{"origin_server_ts", "x"}}, 1'000'000, seconds(60)));
}

}  // namespace
}  // namespace mxedge::bridge
