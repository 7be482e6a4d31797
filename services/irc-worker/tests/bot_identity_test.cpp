#include "bot_identity.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mxedge::irc_worker {
namespace {

using ::testing::HasSubstr;

TEST(BotIdentityTest, BotLocalpartRendersTheNetwork) {
  EXPECT_EQ(RenderBotLocalpart("irc_$NETWORK", "libera").value(), "irc_libera");
  EXPECT_EQ(RenderBotLocalpart("ircbot", "libera").value(), "ircbot");
  EXPECT_EQ(BotUserId("$NETWORK-bot", "oftc", "example.org").value(), "@oftc-bot:example.org");
}

TEST(BotIdentityTest, BadBotLocalpartsAreRefused) {
  EXPECT_THAT(RenderBotLocalpart("irc_$NICK", "libera").status().message(),
              HasSubstr("only $NETWORK"));
  EXPECT_THAT(RenderBotLocalpart("", "libera").status().message(), HasSubstr("empty"));
  EXPECT_THAT(RenderBotLocalpart("Irc Bot", "libera").status().message(),
              HasSubstr("not a Matrix localpart"));
  EXPECT_FALSE(BotUserId("a:b", "libera", "hs").ok());
}

TEST(BotIdentityTest, PortalAliasTemplateNeedsHashNetworkAndChannel) {
  EXPECT_EQ(PortalAliasLocalpartTemplate("#irc_$NETWORK_$CHANNEL").value(),
            "irc_$NETWORK_$CHANNEL");
  EXPECT_EQ(PortalAliasLocalpartTemplate("#$NETWORK.$CHANNEL").value(), "$NETWORK.$CHANNEL");
  EXPECT_FALSE(PortalAliasLocalpartTemplate("irc_$NETWORK_$CHANNEL").ok());
  EXPECT_FALSE(PortalAliasLocalpartTemplate("#irc_$CHANNEL").ok());
  EXPECT_FALSE(PortalAliasLocalpartTemplate("#irc_$NETWORK").ok());
  EXPECT_FALSE(PortalAliasLocalpartTemplate("#irc_$NETWORK_$CHANNEL:hs").ok());
}

}  // namespace
}  // namespace mxedge::irc_worker
