#include "mxedge/bridge/ghost_join_plan.hpp"

#include <gtest/gtest.h>

namespace mxedge::bridge {
namespace {

using std::chrono::milliseconds;

TEST(PlanGhostJoinsTest, OpsFirstAtTheRateSkippingOurOwn) {
  const std::vector<irc::ChannelMember> members = {
      {"carol", "", "", ""}, {"alice[m]", "o", "", ""}, {"op", "o", "", ""}, {"vee", "v", "", ""}};
  const auto skip = [](std::string_view nick) { return nick == "alice[m]"; };
  const std::vector<GhostJoin> plan = PlanGhostJoins(members, skip, 2.0);
  ASSERT_EQ(plan.size(), 3u);
  EXPECT_EQ(plan[0], (GhostJoin{"op", "o", milliseconds(0)}));
  EXPECT_EQ(plan[1], (GhostJoin{"vee", "v", milliseconds(500)}));
  EXPECT_EQ(plan[2], (GhostJoin{"carol", "", milliseconds(1000)}));
}

TEST(PlanGhostJoinsTest, RateBelowOneIsOne) {
  const std::vector<GhostJoin> plan = PlanGhostJoins(
      {{"a", "", "", ""}, {"b", "", "", ""}}, [](std::string_view) { return false; }, 0.0);
  EXPECT_EQ(plan[1].delay, milliseconds(1000));
}

}  // namespace
}  // namespace mxedge::bridge
