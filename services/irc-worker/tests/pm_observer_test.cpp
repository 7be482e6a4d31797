#include "pm_observer.hpp"

#include <gtest/gtest.h>

#include "mxedge/irc/parser.hpp"

namespace mxedge::irc_worker {
namespace {

const ConnectionKey kKey{"local", "@alice:example.org"};

irc::Message Parse(std::string_view line) { return irc::ParseMessage(line).value(); }

TEST(PmObserverTest, APrivmsgToOurNickIsAPrivateLine) {
  std::optional<PrivateLine> line = PmObserver::ReadPrivateLine(
      kKey, Parse("@msgid=x1;time=2026-01-01T00:00:00.000Z :Bob!bob@host PRIVMSG alice[m] :hi"));
  ASSERT_TRUE(line.has_value());
  EXPECT_EQ(line->network, "local");
  EXPECT_EQ(line->receiver_mxid, "@alice:example.org");
  EXPECT_EQ(line->source, "Bob!bob@host");
  EXPECT_EQ(line->target, "alice[m]");
  EXPECT_EQ(line->text, "hi");
  EXPECT_EQ(line->command, "PRIVMSG");
  EXPECT_EQ(line->msgid, "x1");
  EXPECT_EQ(line->server_time, "2026-01-01T00:00:00.000Z");
}

TEST(PmObserverTest, ANoticeFromAUserIsAPrivateLine) {
  std::optional<PrivateLine> line =
      PmObserver::ReadPrivateLine(kKey, Parse(":NickServ!s@services NOTICE alice[m] :Welcome"));
  ASSERT_TRUE(line.has_value());
  EXPECT_EQ(line->command, "NOTICE");
}

TEST(PmObserverTest, ChannelLinesServerNoticesAndMasksAreNot) {
  EXPECT_FALSE(
      PmObserver::ReadPrivateLine(kKey, Parse(":Bob!bob@host PRIVMSG #chan :hi")).has_value());
  EXPECT_FALSE(
      PmObserver::ReadPrivateLine(kKey, Parse(":Bob!bob@host PRIVMSG &local :hi")).has_value());
  EXPECT_FALSE(
      PmObserver::ReadPrivateLine(kKey, Parse(":irc.example.net NOTICE alice[m] :*** Looking up"))
          .has_value());
  EXPECT_FALSE(
      PmObserver::ReadPrivateLine(kKey, Parse("NOTICE * :*** Checking ident")).has_value());
  EXPECT_FALSE(PmObserver::ReadPrivateLine(kKey, Parse(":oper!o@host NOTICE $*.net :maintenance"))
                   .has_value());
  EXPECT_FALSE(
      PmObserver::ReadPrivateLine(kKey, Parse(":Bob!bob@host PRIVMSG alice[m]")).has_value());
  EXPECT_FALSE(PmObserver::ReadPrivateLine(kKey, Parse(":Bob!bob@host JOIN #chan")).has_value());
}

}  // namespace
}  // namespace mxedge::irc_worker
