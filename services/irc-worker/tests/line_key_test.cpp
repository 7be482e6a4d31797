#include "line_key.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mxedge::irc_worker {
namespace {

const std::vector<std::string> kParams = {"#chan", "ok"};

LineIdentity Untagged(const std::vector<std::string>& params = kParams) {
  return LineIdentity{"", "", "alice!a@host", "PRIVMSG", params};
}

TEST(LineKeyTest, UsesTheMsgidWhenPresent) {
  LineIdentity line = Untagged();
  line.msgid = "01HZX3J4K5";
  line.server_time = "2026-01-01T00:00:00.000Z";
  EXPECT_EQ(LineKey(line, 7), "id:01HZX3J4K5");
  EXPECT_FALSE(NeedsOccurrence(line));
}

TEST(LineKeyTest, HashesAMsgidThatIsNotSafeInAKey) {
  LineIdentity line = Untagged();
  line.msgid = "has space";
  const std::string key = LineKey(line, 1);
  EXPECT_EQ(key.rfind("idh:", 0), 0u) << key;
  EXPECT_EQ(key.size(), 4u + 32u);
  const std::string long_msgid(200, 'x');
  line.msgid = long_msgid;
  EXPECT_EQ(LineKey(line, 1).rfind("idh:", 0), 0u);
}

// Pinned: every worker, old or new, must compute the same key for the same line.
TEST(LineKeyTest, MatchesGoldenHashes) {
  EXPECT_EQ(LineKey(Untagged(), 1), "h:12915c259b01c7ef60dcaddb0ee2ae5e");
  LineIdentity timed = Untagged();
  timed.server_time = "2026-01-01T00:00:00.000Z";
  EXPECT_EQ(LineKey(timed, 1), "h:84183e8146a95ea81ba753297ab4a6b1");
}

TEST(LineKeyTest, TheOccurrenceCountsOnlyWithoutServerTime) {
  EXPECT_NE(LineKey(Untagged(), 1), LineKey(Untagged(), 2));
  EXPECT_TRUE(NeedsOccurrence(Untagged()));
  LineIdentity timed = Untagged();
  timed.server_time = "2026-01-01T00:00:00.000Z";
  EXPECT_EQ(LineKey(timed, 1), LineKey(timed, 2));
}

TEST(LineKeyTest, EveryFieldChangesTheKeyAndFieldBoundariesCount) {
  const std::string base = LineKey(Untagged(), 1);
  LineIdentity source = Untagged();
  source.source = "bob!b@host";
  EXPECT_NE(LineKey(source, 1), base);
  LineIdentity command = Untagged();
  command.command = "NOTICE";
  EXPECT_NE(LineKey(command, 1), base);
  const std::vector<std::string> other_text = {"#chan", "ok!"};
  EXPECT_NE(LineKey(Untagged(other_text), 1), base);
  const std::vector<std::string> shifted = {"#chanok"};
  const std::vector<std::string> split = {"#chan", "ok"};
  EXPECT_NE(LineKey(Untagged(shifted), 1), LineKey(Untagged(split), 1));
  const std::vector<std::string> trailing_empty = {"#chan", "ok", ""};
  EXPECT_NE(LineKey(Untagged(trailing_empty), 1), base);
}

}  // namespace
}  // namespace mxedge::irc_worker
