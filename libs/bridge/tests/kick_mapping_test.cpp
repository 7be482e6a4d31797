#include "mxedge/bridge/kick_mapping.hpp"

#include <gtest/gtest.h>

#include "mxedge/irc/parser.hpp"

namespace mxedge::bridge {
namespace {

TEST(ReadIrcKickTest, WithAndWithoutReason) {
  absl::StatusOr<IrcKick> kick = ReadIrcKick(*irc::ParseMessage(":op!o@h KICK #c bob :spam"));
  ASSERT_TRUE(kick.ok());
  EXPECT_EQ(kick->kicked_nick, "bob");
  EXPECT_EQ(kick->reason, "op kicked bob from #c: spam");
  kick = ReadIrcKick(*irc::ParseMessage(":op KICK #c bob :op"));  // default reason: the kicker
  ASSERT_TRUE(kick.ok());
  EXPECT_EQ(kick->reason, "op kicked bob from #c");
}

TEST(ReadIrcKickTest, RejectsMalformed) {
  EXPECT_FALSE(ReadIrcKick(*irc::ParseMessage(":op KICK #c")).ok());
  EXPECT_FALSE(ReadIrcKick(*irc::ParseMessage("KICK #c bob")).ok());
  EXPECT_FALSE(ReadIrcKick(*irc::ParseMessage(":op PART #c")).ok());
}

TEST(IrcKickForMatrixKickTest, OnlyWhenOp) {
  std::optional<irc::Message> kick = IrcKickForMatrixKick("#c", "bob", "Alice", "rude\nx", true);
  ASSERT_TRUE(kick.has_value());
  EXPECT_EQ(kick->params,
            (std::vector<std::string>{"#c", "bob", "kicked from Matrix by Alice: rude x"}));
  EXPECT_FALSE(IrcKickForMatrixKick("#c", "bob", "Alice", "", false).has_value());
}

}  // namespace
}  // namespace mxedge::bridge
