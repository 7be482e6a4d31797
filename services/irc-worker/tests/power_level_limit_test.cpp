#include "power_level_limit.hpp"

#include <gtest/gtest.h>

namespace mxedge::irc_worker {
namespace {

using nlohmann::json;

constexpr char kBot[] = "@irc_net:hs";

TEST(LimitPowerLevelsToSenderTest, KeepsChangesWithinTheSendersLevel) {
  const json before = {{"users", {{kBot, 100}, {"@bob:hs", 1}}}};
  const json after = {{"users", {{kBot, 100}, {"@alice:hs", 50}}}};
  EXPECT_EQ(LimitPowerLevelsToSender(before, after, kBot), after);
}

TEST(LimitPowerLevelsToSenderTest, NobodyIsRaisedAboveTheSender) {
  const json before = {{"users", {{kBot, 20}}}};
  const json after = {{"users", {{kBot, 20}, {"@alice:hs", 50}, {"@bob:hs", 1}}}};
  const json limited = LimitPowerLevelsToSender(before, after, kBot);
  EXPECT_EQ(limited["users"]["@alice:hs"], 20);
  EXPECT_EQ(limited["users"]["@bob:hs"], 1);
}

TEST(LimitPowerLevelsToSenderTest, UsersAtOrAboveTheSenderAreNotChanged) {
  const json before = {{"users", {{kBot, 50}, {"@admin:hs", 100}, {"@mod:hs", 50}}}};
  const json after = {{"users", {{kBot, 50}, {"@admin:hs", 1}}}};
  const json limited = LimitPowerLevelsToSender(before, after, kBot);
  EXPECT_EQ(limited["users"]["@admin:hs"], 100);
  EXPECT_EQ(limited["users"]["@mod:hs"], 50);
}

TEST(LimitPowerLevelsToSenderTest, TheSendersLevelComesFromUsersDefaultWhenNotListed) {
  const json before = {{"users_default", 0}, {"users", {{"@alice:hs", 100}}}};
  const json after = {{"users_default", 0}, {"users", {{"@alice:hs", 100}, {"@ghost:hs", 50}}}};
  const json limited = LimitPowerLevelsToSender(before, after, kBot);
  EXPECT_FALSE(limited["users"].contains("@ghost:hs"));
  EXPECT_EQ(limited["users"]["@alice:hs"], 100);
}

TEST(LimitPowerLevelsToSenderTest, AUserDroppedBackToTheDefaultStaysDropped) {
  const json before = {{"users", {{kBot, 100}, {"@alice:hs", 50}}}};
  const json after = {{"users", {{kBot, 100}}}};
  EXPECT_EQ(LimitPowerLevelsToSender(before, after, kBot), after);
}

TEST(LimitPowerLevelsToSenderTest, MalformedContentIsLeftAsItIs) {
  EXPECT_EQ(LimitPowerLevelsToSender(json::object(), json::array(), kBot), json::array());
  const json after = {{"users", "nobody"}};
  EXPECT_EQ(LimitPowerLevelsToSender(json::object(), after, kBot), after);
}

}  // namespace
}  // namespace mxedge::irc_worker
