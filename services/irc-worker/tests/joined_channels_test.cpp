#include "joined_channels.hpp"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mxedge/irc/parser.hpp"

namespace mxedge::irc_worker {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class JoinedChannelsTest : public ::testing::Test {
 protected:
  void Feed(std::string_view line, std::string_view nick = "alice[m]") {
    auto message = irc::ParseMessage(line);
    ASSERT_TRUE(message.ok()) << message.status();
    channels_.Observe(*message, nick, mapping_);
  }

  irc::CaseMapping mapping_;
  JoinedChannels channels_;
};

TEST_F(JoinedChannelsTest, OwnJoinsAreListedAsSpelledByTheServer) {
  Feed(":alice[m]!~a@h JOIN #Mxedge");
  Feed(":alice[m]!~a@h JOIN :#other");
  EXPECT_THAT(channels_.List(), ElementsAre("#Mxedge", "#other"));
  EXPECT_TRUE(channels_.Contains("#MXEDGE", mapping_));
}

TEST_F(JoinedChannelsTest, OthersJoiningChangeNothing) {
  Feed(":bob!~b@h JOIN #mxedge");
  EXPECT_THAT(channels_.List(), IsEmpty());
}

TEST_F(JoinedChannelsTest, OwnNickMatchesUnderTheCaseMapping) {
  // rfc1459: '[' folds to '{'.
  Feed(":ALICE{m}!~a@h JOIN #a");
  EXPECT_EQ(channels_.size(), 1u);
}

TEST_F(JoinedChannelsTest, CommaListsAndExtendedJoin) {
  Feed(":alice[m]!~a@h JOIN #a,#b");
  Feed(":alice[m]!~a@h JOIN #c account :Real Name");
  EXPECT_THAT(channels_.List(), ElementsAre("#a", "#b", "#c"));
  Feed(":alice[m]!~a@h PART #a,#c :bye");
  EXPECT_THAT(channels_.List(), ElementsAre("#b"));
}

TEST_F(JoinedChannelsTest, KickOfUsRemovesTheChannelKickOfOthersDoesNot) {
  Feed(":alice[m]!~a@h JOIN #a");
  Feed(":alice[m]!~a@h JOIN #b");
  Feed(":op!~o@h KICK #a bob :spam");
  EXPECT_EQ(channels_.size(), 2u);
  Feed(":op!~o@h KICK #A Alice[M] :spam");
  EXPECT_THAT(channels_.List(), ElementsAre("#b"));
}

TEST_F(JoinedChannelsTest, OthersPartingAndQuittingChangeNothing) {
  Feed(":alice[m]!~a@h JOIN #a");
  Feed(":bob!~b@h PART #a");
  Feed(":bob!~b@h QUIT :gone");
  EXPECT_EQ(channels_.size(), 1u);
  Feed(":alice[m]!~a@h QUIT :gone");
  EXPECT_THAT(channels_.List(), IsEmpty());
}

TEST_F(JoinedChannelsTest, LinesWithoutPrefixOrParamsAreIgnored) {
  Feed("JOIN #a");
  Feed(":alice[m]!~a@h JOIN");
  Feed(":op!~o@h KICK #a");
  EXPECT_THAT(channels_.List(), IsEmpty());
}

TEST_F(JoinedChannelsTest, UnknownNickMatchesNothing) {
  Feed(":alice[m]!~a@h JOIN #a", "");
  EXPECT_THAT(channels_.List(), IsEmpty());
}

}  // namespace
}  // namespace mxedge::irc_worker
