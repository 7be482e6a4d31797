#include "mxedge/irc/isupport.hpp"

#include <gtest/gtest.h>

#include "mxedge/irc/parser.hpp"

namespace mxedge::irc {
namespace {

absl::Status ApplyLine(ISupport& isupport, std::string_view line) {
  absl::StatusOr<Message> m = ParseMessage(line);
  EXPECT_TRUE(m.ok()) << m.status();
  return isupport.Apply(*m);
}

TEST(ISupportTest, RfcDefaultsWhenNothingWasAnnounced) {
  const ISupport isupport;
  EXPECT_EQ(isupport.nick_len(), 9);
  EXPECT_EQ(isupport.channel_len(), 50);
  EXPECT_EQ(isupport.topic_len(), std::nullopt);
  EXPECT_EQ(isupport.chan_types(), "#&");
  EXPECT_EQ(isupport.prefixes(), (std::vector<MembershipPrefix>{{'o', '@'}, {'v', '+'}}));
  EXPECT_EQ(isupport.case_mapping().kind(), CaseMapping::Kind::kRfc1459);
  EXPECT_EQ(isupport.line_len(), 512u);
  EXPECT_EQ(isupport.network(), "");
  EXPECT_EQ(isupport.max_targets(), std::nullopt);
  EXPECT_EQ(isupport.ModeType('b'), ChannelModeType::kList);
  EXPECT_EQ(isupport.ModeType('k'), ChannelModeType::kAlwaysParam);
  EXPECT_EQ(isupport.ModeType('l'), ChannelModeType::kParamWhenSet);
  EXPECT_EQ(isupport.ModeType('m'), ChannelModeType::kNoParam);
  EXPECT_EQ(isupport.ModeType('o'), ChannelModeType::kMembership);
  EXPECT_EQ(isupport.ModeType('Z'), ChannelModeType::kUnknown);
}

TEST(ISupportTest, AppliesLinesIncrementally) {
  ISupport isupport;
  ASSERT_TRUE(ApplyLine(isupport,
                        ":irc.example 005 me NICKLEN=30 CHANNELLEN=64 TOPICLEN=390 "
                        "CHANTYPES=# PREFIX=(qaohv)~&@%+ :are supported by this server")
                  .ok());
  ASSERT_TRUE(ApplyLine(isupport,
                        ":irc.example 005 me CHANMODES=beI,kfL,lj,psmntirRcOAQKVCuzNSMTGZ "
                        "CASEMAPPING=ascii LINELEN=2048 NETWORK=Example\\x20Net MAXTARGETS=4 "
                        "EXCEPTS :are supported by this server")
                  .ok());
  EXPECT_EQ(isupport.nick_len(), 30);
  EXPECT_EQ(isupport.channel_len(), 64);
  EXPECT_EQ(isupport.topic_len(), 390);
  EXPECT_EQ(isupport.chan_types(), "#");
  ASSERT_EQ(isupport.prefixes().size(), 5u);
  EXPECT_EQ(isupport.prefixes()[0], (MembershipPrefix{'q', '~'}));
  EXPECT_EQ(isupport.ModeForSymbol('%'), 'h');
  EXPECT_EQ(isupport.SymbolForMode('v'), '+');
  EXPECT_EQ(isupport.ModeForSymbol('!'), std::nullopt);
  EXPECT_EQ(isupport.ModeType('f'), ChannelModeType::kAlwaysParam);
  EXPECT_EQ(isupport.ModeType('j'), ChannelModeType::kParamWhenSet);
  EXPECT_EQ(isupport.case_mapping().kind(), CaseMapping::Kind::kAscii);
  EXPECT_EQ(isupport.line_len(), 2048u);
  EXPECT_EQ(isupport.line_limits().max_body_bytes, 2048u);
  EXPECT_EQ(isupport.network(), "Example Net");
  EXPECT_EQ(isupport.max_targets(), 4);
  EXPECT_TRUE(isupport.Has("EXCEPTS"));
  EXPECT_EQ(isupport.Get("EXCEPTS"), "");
  EXPECT_EQ(isupport.Get("NETWORK"), "Example Net");
  EXPECT_EQ(isupport.Get("WHOX"), std::nullopt);
  EXPECT_TRUE(isupport.IsChannelName("#a"));
  EXPECT_FALSE(isupport.IsChannelName("&a"));
}

TEST(ISupportTest, NegationRestoresTheDefault) {
  ISupport isupport;
  ASSERT_TRUE(
      ApplyLine(isupport, ":s 005 me NICKLEN=30 CASEMAPPING=ascii EXCEPTS :are supported").ok());
  ASSERT_TRUE(ApplyLine(isupport, ":s 005 me -NICKLEN -CASEMAPPING -EXCEPTS :are supported").ok());
  EXPECT_EQ(isupport.nick_len(), 9);
  EXPECT_EQ(isupport.case_mapping().kind(), CaseMapping::Kind::kRfc1459);
  EXPECT_FALSE(isupport.Has("EXCEPTS"));
  EXPECT_FALSE(isupport.Has("NICKLEN"));
}

TEST(ISupportTest, UnknownCaseMappingIsRfc1459) {
  ISupport isupport;
  ASSERT_TRUE(isupport.ApplyToken("CASEMAPPING=ascii").ok());
  ASSERT_TRUE(isupport.ApplyToken("CASEMAPPING=rfc7613").ok());
  EXPECT_EQ(isupport.case_mapping().kind(), CaseMapping::Kind::kRfc1459);
}

TEST(ISupportTest, EmptyLimitsMeanNoLimit) {
  ISupport isupport;
  ASSERT_TRUE(isupport.ApplyToken("TOPICLEN=300").ok());
  ASSERT_TRUE(isupport.ApplyToken("TOPICLEN=").ok());
  EXPECT_EQ(isupport.topic_len(), std::nullopt);
  ASSERT_TRUE(isupport.ApplyToken("MAXTARGETS").ok());
  EXPECT_EQ(isupport.max_targets(), std::nullopt);
  ASSERT_TRUE(isupport.ApplyToken("PREFIX=").ok());
  EXPECT_TRUE(isupport.prefixes().empty());
  ASSERT_TRUE(isupport.ApplyToken("CHANTYPES=").ok());
  EXPECT_FALSE(isupport.IsChannelName("#a"));
}

TEST(ISupportTest, BadTokensKeepThePreviousValueAndReportTheFirst) {
  ISupport isupport;
  const absl::Status status =
      ApplyLine(isupport, ":s 005 me NICKLEN=abc PREFIX=(ov)@ NICKLEN=12 :are supported");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "ISUPPORT NICKLEN value \"abc\" is not a number from 1 to 1000000");
  EXPECT_EQ(isupport.nick_len(), 12);  // the good token after the bad ones still applied
  EXPECT_EQ(isupport.prefixes().size(), 2u);
}

TEST(ISupportTest, MalformedTokensArePrecise) {
  ISupport isupport;
  EXPECT_EQ(isupport.ApplyToken("PREFIX=(ov)@").message(),
            "ISUPPORT PREFIX value \"(ov)@\" is not \"(modes)symbols\"");
  EXPECT_EQ(isupport.ApplyToken("PREFIX=ov@+").message(),
            "ISUPPORT PREFIX value \"ov@+\" is not \"(modes)symbols\"");
  EXPECT_EQ(isupport.ApplyToken("CHANMODES=b,k,l").message(),
            "ISUPPORT CHANMODES value \"b,k,l\" has fewer than 4 groups");
  EXPECT_EQ(isupport.ApplyToken("LINELEN=100").message(),
            "ISUPPORT LINELEN value \"100\" is not a number from 512 to 1000000");
  EXPECT_EQ(isupport.ApplyToken("NICKLEN=0").message(),
            "ISUPPORT NICKLEN value \"0\" is not a number from 1 to 1000000");
  EXPECT_EQ(isupport.ApplyToken("NICKLEN=99999999999").message(),
            "ISUPPORT NICKLEN value \"99999999999\" is not a number from 1 to 1000000");
  EXPECT_EQ(isupport.ApplyToken("=x").message(), "ISUPPORT token \"=x\" has no valid key");
  EXPECT_EQ(isupport.ApplyToken("-").message(), "ISUPPORT token \"-\" has no valid key");
  EXPECT_EQ(isupport.line_len(), 512u);
  EXPECT_EQ(isupport.nick_len(), 9);
}

TEST(ISupportTest, RejectsOtherNumerics) {
  ISupport isupport;
  absl::StatusOr<Message> m = ParseMessage(":s 004 me a b c");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(isupport.Apply(*m).message(), "ISUPPORT expects numeric 005, not \"004\"");
}

TEST(ISupportTest, ChanModesExtraGroupsAreIgnored) {
  ISupport isupport;
  ASSERT_TRUE(isupport.ApplyToken("CHANMODES=b,k,l,m,X").ok());
  EXPECT_EQ(isupport.ModeType('X'), ChannelModeType::kUnknown);
  EXPECT_EQ(isupport.ModeType('m'), ChannelModeType::kNoParam);
}

}  // namespace
}  // namespace mxedge::irc
