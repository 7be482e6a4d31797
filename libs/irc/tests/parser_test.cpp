#include "mxedge/irc/parser.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mxedge::irc {
namespace {

Message MustParse(std::string_view line, const LineLimits& limits = {}) {
  absl::StatusOr<Message> message = ParseMessage(line, limits);
  EXPECT_TRUE(message.ok()) << message.status();
  return message.ok() ? *message : Message{};
}

TEST(ParseMessageTest, ParsesTagsPrefixCommandMiddleAndTrailing) {
  const Message m = MustParse(
      "@time=2026-11-25T12:00:00.000Z;msgid=abc :alice!al@example.org PRIVMSG #chan :hello there");
  ASSERT_EQ(m.tags.size(), 2u);
  EXPECT_EQ(m.tags[0], (Tag{"time", "2026-11-25T12:00:00.000Z"}));
  EXPECT_EQ(m.tags[1], (Tag{"msgid", "abc"}));
  ASSERT_TRUE(m.prefix.has_value());
  EXPECT_EQ(*m.prefix, (Prefix{"alice", "al", "example.org"}));
  EXPECT_EQ(m.command, "PRIVMSG");
  EXPECT_EQ(m.params, (std::vector<std::string>{"#chan", "hello there"}));
}

TEST(ParseMessageTest, StripsOneCrlfOrLf) {
  EXPECT_EQ(MustParse("PING :x\r\n").params, std::vector<std::string>{"x"});
  EXPECT_EQ(MustParse("PING :x\n").params, std::vector<std::string>{"x"});
}

TEST(ParseMessageTest, KeepsEmptyTrailingDistinctFromNone) {
  EXPECT_EQ(MustParse("PRIVMSG #a :").params, (std::vector<std::string>{"#a", ""}));
  EXPECT_EQ(MustParse("PRIVMSG #a").params, (std::vector<std::string>{"#a"}));
}

TEST(ParseMessageTest, TrailingKeepsColonsAndSpaces) {
  EXPECT_EQ(MustParse("PRIVMSG #a ::-) a  b :c ").params,
            (std::vector<std::string>{"#a", ":-) a  b :c "}));
}

TEST(ParseMessageTest, RunsOfSpacesSeparateLikeOne) {
  const Message m = MustParse(":srv   MODE  #a  +o   bob");
  EXPECT_EQ(m.command, "MODE");
  EXPECT_EQ(m.params, (std::vector<std::string>{"#a", "+o", "bob"}));
}

TEST(ParseMessageTest, NumericCommand) {
  const Message m = MustParse(":irc.example.net 001 alice :Welcome");
  EXPECT_EQ(m.Numeric(), 1);
  EXPECT_EQ(m.prefix->nick, "irc.example.net");
  EXPECT_TRUE(m.prefix->user.empty());
  EXPECT_EQ(MustParse("PRIVMSG a b").Numeric(), std::nullopt);
}

TEST(ParseMessageTest, PrefixForms) {
  EXPECT_EQ(*MustParse(":nick CMD").prefix, (Prefix{"nick", "", ""}));
  EXPECT_EQ(*MustParse(":nick@host CMD").prefix, (Prefix{"nick", "", "host"}));
  EXPECT_EQ(*MustParse(":nick!user CMD").prefix, (Prefix{"nick", "user", ""}));
  EXPECT_EQ(*MustParse(":n!u@h@x CMD").prefix, (Prefix{"n", "u", "h@x"}));
  EXPECT_EQ(*MustParse(":n!u!v@h CMD").prefix, (Prefix{"n", "u!v", "h"}));
}

TEST(ParseMessageTest, FifteenMiddleParameters) {
  const Message m = MustParse("CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 ");
  ASSERT_EQ(m.params.size(), 15u);
  EXPECT_EQ(m.params[14], "15");
}

TEST(ParseMessageTest, FifteenParametersWithTrailing) {
  const Message m = MustParse("CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 :a b");
  ASSERT_EQ(m.params.size(), 15u);
  EXPECT_EQ(m.params[14], "a b");
}

TEST(ParseMessageTest, ClientOnlyAndVendorTags) {
  const Message m = MustParse("@+typing=active;+example.com/foo=bar;draft/x TAGMSG #a");
  ASSERT_EQ(m.tags.size(), 3u);
  EXPECT_TRUE(m.tags[0].client_only());
  EXPECT_EQ(m.tags[0].name(), "typing");
  EXPECT_EQ(m.tags[0].vendor(), "");
  EXPECT_TRUE(m.tags[1].client_only());
  EXPECT_EQ(m.tags[1].vendor(), "example.com");
  EXPECT_EQ(m.tags[1].name(), "foo");
  EXPECT_FALSE(m.tags[2].client_only());
  EXPECT_EQ(m.tags[2].vendor(), "draft");
  EXPECT_EQ(m.tags[2].value, "");
  EXPECT_EQ(m.FindTag("+example.com/foo"), "bar");
  EXPECT_EQ(m.FindTag("missing"), std::nullopt);
}

TEST(ParseMessageTest, TagValuesAreUnescaped) {
  const Message m = MustParse(R"(@a=x\:y\sz\\w\r\n;b=\q;c=end\ CMD)");
  EXPECT_EQ(m.FindTag("a"), "x;y z\\w\r\n");
  EXPECT_EQ(m.FindTag("b"), "q");
  EXPECT_EQ(m.FindTag("c"), "end");
}

TEST(ParseMessageTest, RepeatedTagKeepsTheLastValueAndEmptyTagsAreSkipped) {
  const Message m = MustParse("@a=1;;b;a=2; CMD");
  ASSERT_EQ(m.tags.size(), 2u);
  EXPECT_EQ(m.FindTag("a"), "2");
  EXPECT_EQ(m.FindTag("b"), "");
}

TEST(ParseMessageTest, TagSectionLimitIsInclusiveOfAtAndSpace) {
  // "@a=" + value + " " is exactly the limit.
  const std::string value(kMaxTagSectionBytes - 4, 'v');
  EXPECT_TRUE(ParseMessage("@a=" + value + " PING").ok());
  const absl::StatusOr<Message> over = ParseMessage("@a=" + value + "v PING");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().message(), "tag section is 8192 bytes, over the limit of 8191");
}

TEST(ParseMessageTest, BodyLimitCountsCrlfAndFollowsLineLen) {
  const std::string body = "PRIVMSG #a :" + std::string(510 - 12, 'x');  // 510 + CRLF = 512
  EXPECT_TRUE(ParseMessage(body).ok());
  const absl::StatusOr<Message> over = ParseMessage(body + "x");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().message(), "message body is 513 bytes with CRLF, over the limit of 512");
  EXPECT_TRUE(ParseMessage(body + "x", LineLimits{.max_body_bytes = 1024}).ok());
  // Tags do not count against the body.
  EXPECT_TRUE(ParseMessage("@a=" + std::string(1000, 'v') + " " + body).ok());
}

struct Malformed {
  std::string line;
  std::string error;
};

TEST(ParseMessageTest, RejectsEachMalformedClassPrecisely) {
  const std::vector<Malformed> cases = {
      {"", "line is empty"},
      {"\r\n", "line is empty"},
      {"@a=b", "line has a tag section but no command"},
      {"@a=b   ", "line has a tag section but no command"},
      {"   ", "line has no command"},
      {":prefix", "line has a prefix but no command"},
      {":prefix   ", "line has a prefix but no command"},
      {": CMD", "prefix has an empty nick or server name"},
      {":!u@h CMD", "prefix has an empty nick or server name"},
      {":n!@h CMD", "prefix has an empty user after '!'"},
      {":n!u@ CMD", "prefix has an empty host after '@'"},
      {":n@ CMD", "prefix has an empty host after '@'"},
      {std::string("PRIVMSG #a :a\0b", 15), "line has a NUL byte at offset 13"},
      {"PRIVMSG #a :a\rb", "line has a CR not followed by LF at offset 13"},
      {"PRIVMSG #a :a\r", "line has a CR not followed by LF at offset 13"},
      {"PING a\nPING b", "line has a LF inside it at offset 6"},
      {"PRIV-MSG a", "command \"PRIV-MSG\" is neither letters nor a three-digit numeric"},
      {"12 a", "command \"12\" is neither letters nor a three-digit numeric"},
      {"1234 a", "command \"1234\" is neither letters nor a three-digit numeric"},
      {"00A a", "command \"00A\" is neither letters nor a three-digit numeric"},
      {"@=v CMD", "tag key \"\" is not valid"},
      {"@a_b=v CMD", "tag key \"a_b\" is not valid"},
      {"@+/x=v CMD", "tag key \"+/x\" is not valid"},
      {"@v/=1 CMD", "tag key \"v/\" is not valid"},
      {"@++a CMD", "tag key \"++a\" is not valid"},
      {"CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16", "line has more than 15 parameters"},
      {"CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 :16", "line has more than 15 parameters"},
  };
  for (const Malformed& c : cases) {
    const absl::StatusOr<Message> m = ParseMessage(c.line);
    ASSERT_FALSE(m.ok()) << "accepted: " << c.line;
    EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument) << c.line;
    EXPECT_EQ(m.status().message(), c.error) << c.line;
  }
}

TEST(ParseMessageTest, ErrorQuotesAreEscapedAndCut) {
  const absl::StatusOr<Message> m = ParseMessage("\x01" + std::string(100, 'A') + " x");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().message(), "command \"\\x01" + std::string(39, 'A') +
                                      "\"... is neither letters nor a three-digit numeric");
}

TEST(ParsePrefixTest, ServerName) {
  absl::StatusOr<Prefix> prefix = ParsePrefix("irc.libera.chat");
  ASSERT_TRUE(prefix.ok());
  EXPECT_EQ(prefix->nick, "irc.libera.chat");
  EXPECT_EQ(prefix->ToString(), "irc.libera.chat");
}

}  // namespace
}  // namespace mxedge::irc
