#include "mxedge/irc/names_reply.hpp"

#include <gtest/gtest.h>

#include "mxedge/irc/parser.hpp"

namespace mxedge::irc {
namespace {

absl::StatusOr<NamesReply> Parse(std::string_view line, const ISupport& isupport = ISupport()) {
  absl::StatusOr<Message> m = ParseMessage(line);
  EXPECT_TRUE(m.ok()) << m.status();
  return ParseNamesReply(*m, isupport);
}

TEST(ParseNamesReplyTest, PrefixesBecomeModes) {
  const absl::StatusOr<NamesReply> reply = Parse(":srv 353 me = #chan :@alice +bob carol @+dave");
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->channel, "#chan");
  EXPECT_EQ(reply->members, (std::vector<ChannelMember>{{"alice", "o", "", ""},
                                                        {"bob", "v", "", ""},
                                                        {"carol", "", "", ""},
                                                        {"dave", "ov", "", ""}}));
}

TEST(ParseNamesReplyTest, UserhostInNamesAndServerPrefixes) {
  ISupport isupport;
  ASSERT_TRUE(isupport.ApplyToken("PREFIX=(qaohv)~&@%+").ok());
  const absl::StatusOr<NamesReply> reply =
      Parse(":srv 353 me @ #secret :~&owner!o@h.example %half!~h@1.2.3.4", isupport);
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->members, (std::vector<ChannelMember>{{"owner", "qa", "o", "h.example"},
                                                        {"half", "h", "~h", "1.2.3.4"}}));
}

TEST(ParseNamesReplyTest, MalformedRepliesArePrecise) {
  EXPECT_EQ(Parse(":srv 353 me = #chan :@ bob").status().message(),
            "RPL_NAMREPLY entry \"@\" has no nick");
  EXPECT_EQ(Parse(":srv 353 me #chan").status().message(),
            "RPL_NAMREPLY has 2 parameters, fewer than 4");
  EXPECT_EQ(Parse(":srv 366 me #chan :End").status().message(),
            "expected numeric 353, not \"366\"");
  EXPECT_EQ(Parse(":srv 353 me = #chan :bob!@h").status().message(),
            "prefix has an empty user after '!'");
}

}  // namespace
}  // namespace mxedge::irc
