#include "mxedge/irc/formatter.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mxedge::irc {
namespace {

Message Make(std::string command, std::vector<std::string> params) {
  Message m;
  m.command = std::move(command);
  m.params = std::move(params);
  return m;
}

std::string MustFormat(const Message& m) {
  absl::StatusOr<std::string> line = FormatMessage(m);
  EXPECT_TRUE(line.ok()) << line.status();
  return line.ok() ? *line : std::string();
}

std::string ErrorOf(const Message& m, const LineLimits& limits = {}) {
  absl::StatusOr<std::string> line = FormatMessage(m, limits);
  EXPECT_FALSE(line.ok()) << *line;
  EXPECT_EQ(line.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(line.status().message());
}

TEST(FormatMessageTest, TrailingColonOnlyWhenNeeded) {
  EXPECT_EQ(MustFormat(Make("PRIVMSG", {"#a", "word"})), "PRIVMSG #a word\r\n");
  EXPECT_EQ(MustFormat(Make("PRIVMSG", {"#a", "two words"})), "PRIVMSG #a :two words\r\n");
  EXPECT_EQ(MustFormat(Make("PRIVMSG", {"#a", ":)"})), "PRIVMSG #a ::)\r\n");
  EXPECT_EQ(MustFormat(Make("PRIVMSG", {"#a", ""})), "PRIVMSG #a :\r\n");
  EXPECT_EQ(MustFormat(Make("QUIT", {})), "QUIT\r\n");
}

TEST(FormatMessageTest, TagsAndPrefix) {
  Message m = Make("TAGMSG", {"#a"});
  m.tags = {{"+typing", "active"}, {"label", "a;b c\\"}, {"+draft/x", ""}};
  m.prefix = Prefix{"nick", "user", "host"};
  EXPECT_EQ(MustFormat(m),
            "@+typing=active;label=a\\:b\\sc\\\\;+draft/x :nick!user@host TAGMSG #a\r\n");
}

TEST(FormatMessageTest, RefusesWhatCannotBeReadBack) {
  EXPECT_EQ(ErrorOf(Make("PRIVMSG", {"#a", "x\r\nQUIT"})), "parameter 2 has a CR at offset 1");
  EXPECT_EQ(ErrorOf(Make("PRIVMSG", {"#a", "x\nQUIT"})), "parameter 2 has a LF at offset 1");
  EXPECT_EQ(ErrorOf(Make("PRIVMSG", {"#a", std::string("x\0", 2)})),
            "parameter 2 has a NUL at offset 1");
  EXPECT_EQ(ErrorOf(Make("PRIVMSG", {"#a b", "x"})),
            "parameter 1 is not the last one and has a space");
  EXPECT_EQ(ErrorOf(Make("PRIVMSG", {":a", "x"})),
            "parameter 1 is not the last one and starts with ':'");
  EXPECT_EQ(ErrorOf(Make("PRIVMSG", {"", "x"})), "parameter 1 is not the last one and is empty");
  EXPECT_EQ(ErrorOf(Make("", {})), "command \"\" is neither letters nor a three-digit numeric");
  EXPECT_EQ(ErrorOf(Make("PRIV MSG", {})),
            "command \"PRIV MSG\" is neither letters nor a three-digit numeric");
  EXPECT_EQ(ErrorOf(Make("CMD", std::vector<std::string>(16, "p"))),
            "message has 16 parameters, more than 15");
}

TEST(FormatMessageTest, RefusesBadTagsAndPrefixes) {
  Message m = Make("PING", {"x"});
  m.tags = {{"a", "1"}, {"a", "2"}};
  EXPECT_EQ(ErrorOf(m), "tag key \"a\" repeats");
  m.tags = {{"bad key", "1"}};
  EXPECT_EQ(ErrorOf(m), "tag key \"bad key\" is not valid");
  m.tags = {{"a", std::string("\0", 1)}};
  EXPECT_EQ(ErrorOf(m), "value of tag \"a\" has a NUL");
  m.tags.clear();
  m.prefix = Prefix{"", "u", "h"};
  EXPECT_EQ(ErrorOf(m), "prefix has an empty nick or server name");
  m.prefix = Prefix{"n!x", "", ""};
  EXPECT_EQ(ErrorOf(m), "prefix nick has a '!' or '@'");
  m.prefix = Prefix{"n", "u@", "h"};
  EXPECT_EQ(ErrorOf(m), "prefix user has a '@'");
  m.prefix = Prefix{"n", "u", "h h"};
  EXPECT_EQ(ErrorOf(m), "prefix host has a space");
  m.prefix = Prefix{"n", "u\r", "h"};
  EXPECT_EQ(ErrorOf(m), "prefix user has a CR at offset 1");
}

TEST(FormatMessageTest, RefusesOverLongParts) {
  const Message body = Make("PRIVMSG", {"#a", std::string(510 - 13, 'x') + " "});
  EXPECT_TRUE(FormatMessage(body).ok());
  Message over = body;
  over.params[1] += 'x';
  EXPECT_EQ(ErrorOf(over), "message body is 513 bytes with CRLF, over the limit of 512");
  EXPECT_TRUE(FormatMessage(over, LineLimits{.max_body_bytes = 513}).ok());
  Message tagged = Make("PING", {"x"});
  tagged.tags = {{"a", std::string(kMaxTagSectionBytes - 4, 'v')}};
  EXPECT_TRUE(FormatMessage(tagged).ok());
  tagged.tags[0].value += 'v';
  EXPECT_EQ(ErrorOf(tagged), "tag section is 8192 bytes, over the limit of 8191");
}

}  // namespace
}  // namespace mxedge::irc
