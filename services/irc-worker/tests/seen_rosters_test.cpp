#include "seen_rosters.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace mxedge::irc_worker {
namespace {

MembershipEvent Event(MembershipKind kind, std::string channel, std::string nick,
                      std::string target = "") {
  MembershipEvent event;
  event.kind = kind;
  event.channel = std::move(channel);
  event.nick = std::move(nick);
  event.target = std::move(target);
  return event;
}

MembershipEvent Names(std::string channel, std::vector<irc::ChannelMember> members) {
  MembershipEvent event = Event(MembershipKind::kNames, std::move(channel), "");
  event.members = std::move(members);
  return event;
}

MembershipEvent Mode(std::string channel, bool add, char mode, std::string nick) {
  MembershipEvent event = Event(MembershipKind::kMode, std::move(channel), "oper");
  event.modes = {irc::ModeChange{.add = add, .mode = mode, .argument = std::move(nick)}};
  return event;
}

bool IsVictim(std::string_view nick) { return nick == "Victim"; }

TEST(SeenRostersTest, NamesAndModesTellWhoIsOp) {
  SeenRosters rosters;
  EXPECT_FALSE(rosters.Knows("libera", "#bridge"));
  EXPECT_EQ(rosters.ModesOf("libera", "#bridge", "oper"), std::nullopt);
  rosters.Apply(
      "libera",
      Names("#Bridge", {{.nick = "oper", .modes = "o"}, {.nick = "alice[m]"}, {.nick = "Victim"}}));
  EXPECT_TRUE(rosters.Knows("libera", "#bridge"));
  EXPECT_FALSE(rosters.Knows("oftc", "#bridge"));
  EXPECT_EQ(rosters.ModesOf("libera", "#bridge", "OPER"), std::optional<std::string>("o"));
  EXPECT_EQ(rosters.ModesOf("libera", "#bridge", "alice{m}"), std::optional<std::string>(""));

  rosters.Apply("libera", Mode("#bridge", true, 'o', "alice[m]"));
  rosters.Apply("libera", Mode("#bridge", true, 'o', "alice[m]"));  // a second connection's copy
  rosters.Apply("libera", Mode("#bridge", true, 'v', "alice[m]"));
  EXPECT_EQ(rosters.ModesOf("libera", "#bridge", "alice[m]"), std::optional<std::string>("ov"));
  rosters.Apply("libera", Mode("#bridge", false, 'o', "alice[m]"));
  EXPECT_EQ(rosters.ModesOf("libera", "#bridge", "alice[m]"), std::optional<std::string>("v"));
  // Modes other than +o/+v and modes of nicks not in the channel change nobody.
  rosters.Apply("libera", Mode("#bridge", true, 'b', "alice[m]"));
  rosters.Apply("libera", Mode("#bridge", true, 'o', "stranger"));
  EXPECT_EQ(rosters.ModesOf("libera", "#bridge", "alice[m]"), std::optional<std::string>("v"));
  EXPECT_EQ(rosters.ModesOf("libera", "#bridge", "stranger"), std::nullopt);
  EXPECT_EQ(rosters.FindNick("libera", "#BRIDGE", IsVictim), std::optional<std::string>("Victim"));
}

TEST(SeenRostersTest, JoinPartKickQuitAndNickChangeTheMembers) {
  SeenRosters rosters;
  rosters.Apply("libera", Names("#a", {{.nick = "oper", .modes = "o"}}));
  rosters.Apply("libera", Names("#b", {{.nick = "oper"}}));
  rosters.Apply("libera", Event(MembershipKind::kJoin, "#a", "Victim"));
  rosters.Apply("libera", Event(MembershipKind::kJoin, "#b", "Victim"));
  EXPECT_EQ(rosters.FindNick("libera", "#a", IsVictim), std::optional<std::string>("Victim"));

  rosters.Apply("libera", Event(MembershipKind::kKick, "#a", "oper", "victim"));
  EXPECT_EQ(rosters.FindNick("libera", "#a", IsVictim), std::nullopt);
  EXPECT_EQ(rosters.FindNick("libera", "#b", IsVictim), std::optional<std::string>("Victim"));
  rosters.Apply("libera", Event(MembershipKind::kPart, "#b", "VICTIM"));
  EXPECT_EQ(rosters.FindNick("libera", "#b", IsVictim), std::nullopt);

  // NICK renames in every channel of the network and keeps the modes; QUIT leaves them all.
  rosters.Apply("libera", Event(MembershipKind::kNick, "", "oper", "operator"));
  EXPECT_EQ(rosters.ModesOf("libera", "#a", "oper"), std::nullopt);
  EXPECT_EQ(rosters.ModesOf("libera", "#a", "operator"), std::optional<std::string>("o"));
  EXPECT_EQ(rosters.ModesOf("libera", "#b", "operator"), std::optional<std::string>(""));
  rosters.Apply("oftc", Event(MembershipKind::kQuit, "", "operator"));
  EXPECT_EQ(rosters.ModesOf("libera", "#a", "operator"), std::optional<std::string>("o"));
  rosters.Apply("libera", Event(MembershipKind::kQuit, "", "Operator"));
  EXPECT_EQ(rosters.ModesOf("libera", "#a", "operator"), std::nullopt);
  EXPECT_EQ(rosters.ModesOf("libera", "#b", "operator"), std::nullopt);
  EXPECT_TRUE(rosters.Knows("libera", "#a"));

  // A later NAMES replaces what was seen.
  rosters.Apply("libera", Names("#a", {{.nick = "fresh", .modes = "v"}}));
  EXPECT_EQ(rosters.ModesOf("libera", "#a", "fresh"), std::optional<std::string>("v"));
  // A topic changes nobody.
  rosters.Apply("libera", Event(MembershipKind::kTopic, "#a", "fresh"));
  EXPECT_EQ(rosters.ModesOf("libera", "#a", "fresh"), std::optional<std::string>("v"));
}

}  // namespace
}  // namespace mxedge::irc_worker
