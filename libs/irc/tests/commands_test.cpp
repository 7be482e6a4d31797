#include "mxedge/irc/commands.hpp"

#include <gtest/gtest.h>

#include "mxedge/irc/formatter.hpp"

namespace mxedge::irc {
namespace {

std::string Wire(const Message& m) {
  absl::StatusOr<std::string> line = FormatMessage(m);
  EXPECT_TRUE(line.ok()) << line.status();
  return line.ok() ? *line : std::string();
}

TEST(CommandsTest, WireForms) {
  EXPECT_EQ(Wire(Privmsg("#chan", "hello world")), "PRIVMSG #chan :hello world\r\n");
  EXPECT_EQ(Wire(Notice("bob", "hi")), "NOTICE bob hi\r\n");
  EXPECT_EQ(Wire(Action("#chan", "waves")),
            "PRIVMSG #chan :\x01"
            "ACTION waves\x01\r\n");
  EXPECT_EQ(Wire(Tagmsg("#chan", {{"+typing", "active"}})), "@+typing=active TAGMSG #chan\r\n");
  EXPECT_EQ(Wire(Join("#chan")), "JOIN #chan\r\n");
  EXPECT_EQ(Wire(Join("#chan", "sekrit")), "JOIN #chan sekrit\r\n");
  EXPECT_EQ(Wire(Part("#chan")), "PART #chan\r\n");
  EXPECT_EQ(Wire(Part("#chan", "see you")), "PART #chan :see you\r\n");
  EXPECT_EQ(Wire(NickCommand("alice[m]")), "NICK alice[m]\r\n");
  EXPECT_EQ(Wire(User("alice", "@alice:example.org")), "USER alice 0 * @alice:example.org\r\n");
  EXPECT_EQ(Wire(User("alice", "Alice Liddell")), "USER alice 0 * :Alice Liddell\r\n");
  EXPECT_EQ(Wire(Pass("pw")), "PASS pw\r\n");
  EXPECT_EQ(Wire(CapLs()), "CAP LS 302\r\n");
  EXPECT_EQ(Wire(CapEnd()), "CAP END\r\n");
  const std::vector<std::string> caps = {"sasl", "message-tags"};
  EXPECT_EQ(Wire(CapReq(caps)), "CAP REQ :sasl message-tags\r\n");
  EXPECT_EQ(Wire(Authenticate("PLAIN")), "AUTHENTICATE PLAIN\r\n");
  EXPECT_EQ(Wire(Authenticate("+")), "AUTHENTICATE +\r\n");
  EXPECT_EQ(Wire(Ping("t1")), "PING t1\r\n");
  EXPECT_EQ(Wire(Pong(":irc.example")), "PONG ::irc.example\r\n");
  EXPECT_EQ(Wire(Pong("")), "PONG :\r\n");
  EXPECT_EQ(Wire(Quit()), "QUIT\r\n");
  EXPECT_EQ(Wire(Quit("draining")), "QUIT draining\r\n");
}

TEST(CommandsTest, UnsafeInputIsRefusedWhenFormatted) {
  EXPECT_FALSE(FormatMessage(Privmsg("#chan", "a\r\nQUIT :pwned")).ok());
  EXPECT_FALSE(FormatMessage(Privmsg("#ch an", "x")).ok());
  EXPECT_FALSE(FormatMessage(Part("#ch an", "bye")).ok());
  EXPECT_FALSE(FormatMessage(Join("", "key")).ok());
}

}  // namespace
}  // namespace mxedge::irc
