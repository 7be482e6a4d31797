#include "mxedge/irc/mode_changes.hpp"

#include <gtest/gtest.h>

#include "mxedge/irc/parser.hpp"

namespace mxedge::irc {
namespace {

absl::StatusOr<std::vector<ModeChange>> Parse(std::string_view line,
                                              const ISupport& isupport = ISupport()) {
  absl::StatusOr<Message> m = ParseMessage(line);
  EXPECT_TRUE(m.ok()) << m.status();
  return ParseModeChanges(*m, isupport);
}

TEST(ParseModeChangesTest, ArgumentsGoToTheModesThatTakeThem) {
  const absl::StatusOr<std::vector<ModeChange>> changes =
      Parse(":op!u@h MODE #chan +ovl-k+im alice bob 50 oldkey");
  ASSERT_TRUE(changes.ok()) << changes.status();
  EXPECT_EQ(*changes, (std::vector<ModeChange>{{true, 'o', "alice"},
                                               {true, 'v', "bob"},
                                               {true, 'l', "50"},
                                               {false, 'k', "oldkey"},
                                               {true, 'i', std::nullopt},
                                               {true, 'm', std::nullopt}}));
}

TEST(ParseModeChangesTest, UnsettingALimitTakesNoArgument) {
  const absl::StatusOr<std::vector<ModeChange>> changes = Parse(":op MODE #chan -l+b *!*@spam");
  ASSERT_TRUE(changes.ok()) << changes.status();
  EXPECT_EQ(*changes,
            (std::vector<ModeChange>{{false, 'l', std::nullopt}, {true, 'b', "*!*@spam"}}));
}

TEST(ParseModeChangesTest, FollowsTheServersPrefixAndChanModes) {
  ISupport isupport;
  ASSERT_TRUE(isupport.ApplyToken("PREFIX=(qaohv)~&@%+").ok());
  ASSERT_TRUE(isupport.ApplyToken("CHANMODES=beI,kfL,lj,psmntirRcOAQKVCuzNSMTGZ").ok());
  const absl::StatusOr<std::vector<ModeChange>> changes =
      Parse(":op MODE #chan +hfj carol [10j#R10]:5 3:5", isupport);
  ASSERT_TRUE(changes.ok()) << changes.status();
  EXPECT_EQ(*changes, (std::vector<ModeChange>{
                          {true, 'h', "carol"}, {true, 'f', "[10j#R10]:5"}, {true, 'j', "3:5"}}));
}

TEST(ParseModeChangesTest, ChannelModeIsReply) {
  const absl::StatusOr<std::vector<ModeChange>> changes = Parse(":srv 324 me #chan +ntk key");
  ASSERT_TRUE(changes.ok()) << changes.status();
  EXPECT_EQ(changes->size(), 3u);
  EXPECT_EQ((*changes)[2], (ModeChange{true, 'k', "key"}));
}

TEST(ParseModeChangesTest, MalformedModesArePrecise) {
  EXPECT_EQ(Parse(":op MODE #chan +o").status().message(), "MODE +o has no argument");
  EXPECT_EQ(Parse(":op MODE #chan").status().message(),
            "MODE message has no channel or no mode string");
  EXPECT_EQ(Parse(":op MODE #chan o alice").status().message(),
            "MODE string \"o\" does not start with '+' or '-'");
  EXPECT_EQ(Parse(":op KICK #chan alice").status().message(), "expected MODE or 324, not \"KICK\"");
}

}  // namespace
}  // namespace mxedge::irc
