#include "reply_nicks.hpp"

#include <gtest/gtest.h>

namespace mxedge::irc_worker {
namespace {

TEST(ReplyFallbackSenderTest, ReadsTheQuotedUserOfTheFirstLine) {
  EXPECT_EQ(ReplyFallbackSender("> <@bob:example.org> hi\n\nanswer"), "@bob:example.org");
  EXPECT_EQ(ReplyFallbackSender("> <@bob:example.org> hi"), "@bob:example.org");
}

TEST(ReplyFallbackSenderTest, RefusesWhatIsNotAFallbackQuote) {
  EXPECT_FALSE(ReplyFallbackSender("plain answer").has_value());
  EXPECT_FALSE(ReplyFallbackSender("> quoted text\n\nanswer").has_value());
  EXPECT_FALSE(ReplyFallbackSender("> <@bob> hi").has_value());
  EXPECT_FALSE(ReplyFallbackSender("> <@bob:example.org hi").has_value());
  EXPECT_FALSE(ReplyFallbackSender("> <@b ob:example.org> hi").has_value());
  EXPECT_FALSE(ReplyFallbackSender("").has_value());
}

TEST(ReplyNicksTest, GhostsAreReadBackPuppetsAskedFor) {
  ReplyNicks nicks({{"libera", "irc_$NETWORK_$NICK"}, {"oftc", "$NICK.oftc"}}, "example.org",
                   [](std::string_view network, std::string_view mxid) {
                     return std::string(network) + "/" + std::string(mxid);
                   });
  EXPECT_EQ(nicks.NickOf("libera", "@irc_libera_bob:example.org"), "bob");
  EXPECT_EQ(nicks.NickOf("oftc", "@carol.oftc:example.org"), "carol");
  // Another network's ghost, another server's user, a plain user: puppets.
  EXPECT_EQ(nicks.NickOf("oftc", "@irc_libera_bob:example.org"),
            "oftc/@irc_libera_bob:example.org");
  EXPECT_EQ(nicks.NickOf("libera", "@irc_libera_bob:other.org"),
            "libera/@irc_libera_bob:other.org");
  EXPECT_EQ(nicks.NickOf("libera", "@alice:example.org"), "libera/@alice:example.org");
  // The template alone is no nick.
  EXPECT_EQ(nicks.NickOf("libera", "@irc_libera_:example.org"), "libera/@irc_libera_:example.org");
}

TEST(ReplyNicksTest, UnknownNetworksAndNonUserIdsHaveNoNick) {
  ReplyNicks nicks({{"libera", "irc_$NETWORK_$NICK"}}, "example.org",
                   [](std::string_view, std::string_view) { return std::string("x"); });
  EXPECT_FALSE(nicks.NickOf("oftc", "@alice:example.org").has_value());
  EXPECT_FALSE(nicks.NickOf("libera", "alice").has_value());
  EXPECT_FALSE(nicks.NickOf("libera", "!room:example.org").has_value());
}

}  // namespace
}  // namespace mxedge::irc_worker
