#include "bot_channel_presence.hpp"

#include <gtest/gtest.h>

namespace mxedge::irc_worker {
namespace {

TEST(BotStaysInChannelTest, LeavesOnlyWhenConfiguredAndAPuppetIsThere) {
  EXPECT_TRUE(BotStaysInChannel(false, 0));
  EXPECT_TRUE(BotStaysInChannel(false, 3));
  EXPECT_TRUE(BotStaysInChannel(true, 0));
  EXPECT_FALSE(BotStaysInChannel(true, 1));
  EXPECT_FALSE(BotStaysInChannel(true, 7));
}

TEST(BotChannelPresenceTest, WithoutTheOptionTheBotNeverLeaves) {
  BotChannelPresence presence(false);
  EXPECT_EQ(presence.OnInside(2), BotPresenceAction::kNone);
  EXPECT_TRUE(presence.inside());
  EXPECT_FALSE(presence.polling());
}

TEST(BotChannelPresenceTest, PartsForAPuppetAndJoinsWhenTheLastHasLeft) {
  BotChannelPresence presence(true);
  EXPECT_EQ(presence.OnInside(0), BotPresenceAction::kNone);
  EXPECT_EQ(presence.OnInside(1), BotPresenceAction::kPart);
  EXPECT_FALSE(presence.inside());
  EXPECT_TRUE(presence.polling());
  // A line from before the PART changes nothing; neither does a PART sent twice.
  EXPECT_EQ(presence.OnInside(2), BotPresenceAction::kNone);
  EXPECT_EQ(presence.OnOutside(3, 1), BotPresenceAction::kNone);  // the puppet is still there
  EXPECT_EQ(presence.OnOutside(2, 0), BotPresenceAction::kJoin);  // only IRC users are left
  EXPECT_TRUE(presence.inside());
  EXPECT_FALSE(presence.pinned());
  EXPECT_EQ(presence.OnOutside(0, 0), BotPresenceAction::kNone);  // crossed our JOIN
  EXPECT_EQ(presence.OnInside(1), BotPresenceAction::kPart);      // and leaves again
}

TEST(BotChannelPresenceTest, AChannelThatHidesItsMembersPinsTheBot) {
  BotChannelPresence presence(true);
  EXPECT_EQ(presence.OnInside(1), BotPresenceAction::kPart);
  // The first answer from outside lists nobody although a puppet was there: +s or +p.
  EXPECT_EQ(presence.OnOutside(0, 0), BotPresenceAction::kJoin);
  EXPECT_TRUE(presence.pinned());
  EXPECT_EQ(presence.OnInside(4), BotPresenceAction::kNone);
  EXPECT_TRUE(presence.inside());
}

TEST(BotChannelPresenceTest, AnEmptyChannelLaterIsJoinedWithoutPinning) {
  BotChannelPresence presence(true);
  EXPECT_EQ(presence.OnInside(1), BotPresenceAction::kPart);
  EXPECT_EQ(presence.OnOutside(2, 1), BotPresenceAction::kNone);
  EXPECT_EQ(presence.OnOutside(0, 0), BotPresenceAction::kJoin);  // everyone left
  EXPECT_FALSE(presence.pinned());
}

TEST(BotChannelPresenceTest, AKickedBotAsksAndJoinsWhenNoPuppetIsThere) {
  BotChannelPresence presence(true);
  presence.OnLeft();
  EXPECT_TRUE(presence.polling());
  EXPECT_EQ(presence.OnOutside(1, 1), BotPresenceAction::kNone);
  EXPECT_EQ(presence.OnOutside(1, 0), BotPresenceAction::kJoin);
  EXPECT_FALSE(presence.pinned());
}

}  // namespace
}  // namespace mxedge::irc_worker
