#include "mxedge/bridge/channel_modes.hpp"

#include <gtest/gtest.h>

namespace mxedge::bridge {
namespace {

TEST(ApplyChannelModesTest, InviteOrKeyMakesInviteOnly) {
  ChannelFlags flags;
  RoomSettingsChange change = ApplyChannelModes({{true, 'k', "secret"}}, flags);
  EXPECT_EQ(change.join_rule, "invite");
  EXPECT_TRUE(flags.keyed);
  change = ApplyChannelModes({{true, 'i', std::nullopt}}, flags);
  EXPECT_TRUE(change.empty());  // already invite-only through +k
  change = ApplyChannelModes({{false, 'k', "secret"}}, flags);
  EXPECT_TRUE(change.empty());  // still +i
  change = ApplyChannelModes({{false, 'i', std::nullopt}}, flags);
  EXPECT_EQ(change.join_rule, "public");
}

TEST(ApplyChannelModesTest, ModeratedSetsEventsDefault) {
  ChannelFlags flags;
  RoomSettingsChange change =
      ApplyChannelModes({{true, 'm', std::nullopt}, {true, 'n', std::nullopt}}, flags);
  EXPECT_EQ(change.events_default, 1);
  EXPECT_FALSE(change.join_rule.has_value());
  EXPECT_EQ(ApplyChannelModes({{false, 'm', std::nullopt}}, flags).events_default, 0);
  EXPECT_TRUE(ApplyChannelModes({{true, 'o', "bob"}}, flags).empty());
}

}  // namespace
}  // namespace mxedge::bridge
