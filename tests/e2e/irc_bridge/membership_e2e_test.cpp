// Membership, modes and topic through the whole suite: the IRC users in the channel get ghosts in
// the room, a nick change moves the ghost, +o becomes a power level, topics go both ways, a
// Matrix kick of a ghost becomes a KICK from the operator's puppet, and an IRC KICK of a puppet
// kicks its Matrix user from the room. What the bridge did is read from the homeserver's recorded
// requests.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "mxedge/redis/commands.hpp"
#include "mxedge/testing/ngircd.hpp"
#include "scenario_test.hpp"

namespace mxedge::irc_bridge_e2e {
namespace {

using nlohmann::json;

constexpr char kOpGhost[] = "@irc_libera_oper:localhost";

class MembershipE2eTest : public ScenarioTest {
 protected:
  // The watcher "oper" is an IRC operator and makes itself a channel operator (the bridge bot's
  // connection may have created the channel first).
  // What the stack needs besides the defaults.
  virtual BridgeStackOptions Options() const { return {}; }

  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StartStack(Options(), "oper"));
    ASSERT_TRUE(watcher_
                    ->Send(absl::StrCat("OPER ", testing::kNgircdOperName, " ",
                                        testing::kNgircdOperPassword))
                    .ok());
    ASSERT_TRUE(watcher_->ReadUntilCommand("381", std::chrono::seconds(10)).ok());
    ASSERT_TRUE(watcher_->Send(absl::StrCat("MODE ", kChannel, " +o oper")).ok());
  }

  std::optional<testing::IrcTestClient> Connect(std::string_view nick) {
    absl::StatusOr<testing::IrcTestClient> client =
        testing::IrcTestClient::Connect(stack_->ircd().port(), std::chrono::seconds(5));
    EXPECT_TRUE(client.ok()) << client.status();
    if (!client.ok() || !client->Register(nick, std::chrono::seconds(10)).ok() ||
        !client->Send(absl::StrCat("JOIN ", kChannel)).ok() ||
        !client->ReadUntilCommand("366", std::chrono::seconds(10)).ok()) {
      return std::nullopt;
    }
    return std::move(*client);
  }

  // Reads oper's lines until one contains `part`; the line, or "" at the deadline.
  std::string AwaitLineWith(const std::string& part) {
    return AwaitLine([&](std::string_view line) { return Has(line, part); });
  }

  // Requests `method` to `path_part` acting as `user` (the `user_id` query).
  std::vector<testing::RecordedRequest> RequestsAs(std::string_view method,
                                                   std::string_view path_part,
                                                   std::string_view user) const {
    std::vector<testing::RecordedRequest> out;
    for (testing::RecordedRequest& r : stack_->homeserver().RequestsTo(method, path_part)) {
      auto it = r.query.find("user_id");
      if (it != r.query.end() && it->second == user) {
        out.push_back(std::move(r));
      }
    }
    return out;
  }

  // The whole logs of the workers (the check runs on whichever holds the connection that read the
  // server's ISUPPORT).
  std::string WorkerLog() { return stack_->WorkerLogs(); }

  bool Joined(const std::string& user) const {
    return stack_->homeserver().JoinedMembers(stack_->room_id()).count(user) > 0;
  }

  // The latest `type` state the bridge wrote to the room, {} when none.
  json LastState(std::string_view type) const {
    json last = json::object();
    for (const testing::RecordedRequest& r :
         stack_->homeserver().RequestsTo("PUT", absl::StrCat("/state/", std::string(type)))) {
      last = json::parse(r.body, nullptr, false);
    }
    return last;
  }

  // Alice joins the room; her puppet joins the channel and the bridge mirrors its members.
  void AliceJoinsWithGhosts() {
    ASSERT_NO_FATAL_FAILURE(AliceJoins());
    ASSERT_TRUE(Eventually([&] { return Joined(kOpGhost); })) << stack_->Logs();
  }
};

TEST_F(MembershipE2eTest, GhostsFollowNamesNickChangesAndOperatorModes) {
  AliceJoinsWithGhosts();
  // oper is a channel operator: its ghost has power level 50.
  EXPECT_TRUE(Eventually([&] { return LastState("m.room.power_levels")["users"][kOpGhost] == 50; }))
      << LastState("m.room.power_levels").dump() << stack_->Logs();
  EXPECT_TRUE(Eventually([&] { return stack_->homeserver().DisplayName(kOpGhost) == "oper"; }));
  // Alice's puppet is not a ghost.
  EXPECT_TRUE(RequestsAs("POST", "/join", "@irc_libera_alice=7bm=7d:localhost").empty());

  ASSERT_TRUE(watcher_->Send("NICK operator").ok());
  EXPECT_TRUE(Eventually([&] {
    return Joined("@irc_libera_operator:localhost") && !Joined(kOpGhost);
  })) << stack_->Logs();
  std::vector<testing::RecordedRequest> leaves = RequestsAs("POST", "/leave", kOpGhost);
  ASSERT_FALSE(leaves.empty());
  EXPECT_EQ(json::parse(leaves.back().body, nullptr, false).value("reason", ""),
            "Changed nick to operator");
}

TEST_F(MembershipE2eTest, TopicsGoBothWays) {
  AliceJoinsWithGhosts();
  ASSERT_TRUE(watcher_->Send(absl::StrCat("TOPIC ", kChannel, " :from irc")).ok());
  EXPECT_TRUE(Eventually([&] {
    return LastState("m.room.topic").value("topic", "") == "from irc";
  })) << stack_->Logs();
  EXPECT_FALSE(RequestsAs("PUT", "/state/m.room.topic", kOpGhost).empty());

  // Alice may set the topic once she is an operator (+t).
  ASSERT_TRUE(watcher_->Send(absl::StrCat("MODE ", kChannel, " +o ", kAliceNick)).ok());
  ASSERT_FALSE(AwaitLineWith(absl::StrCat("MODE ", kChannel, " +o ", kAliceNick)).empty())
      << stack_->Logs();
  stack_->Push({{"sender", kAlice},
                {"type", "m.room.topic"},
                {"state_key", ""},
                {"content", {{"topic", "from matrix"}}}});
  EXPECT_THAT(AwaitLineWith(absl::StrCat("TOPIC ", kChannel)), ::testing::HasSubstr(":from matrix"))
      << stack_->Logs();
}

TEST_F(MembershipE2eTest, AMatrixKickOfAGhostIsAnIrcKickByTheOperatorsPuppet) {
  std::optional<testing::IrcTestClient> victim = Connect("victim");
  ASSERT_TRUE(victim.has_value());
  AliceJoinsWithGhosts();
  ASSERT_TRUE(Eventually([&] { return Joined("@irc_libera_victim:localhost"); })) << stack_->Logs();

  // Matrix → IRC: alice (an operator) kicks victim's ghost.
  ASSERT_TRUE(watcher_->Send(absl::StrCat("MODE ", kChannel, " +o ", kAliceNick)).ok());
  ASSERT_FALSE(AwaitLineWith(absl::StrCat("MODE ", kChannel, " +o ", kAliceNick)).empty())
      << stack_->Logs();
  stack_->Push({{"sender", kAlice},
                {"type", "m.room.member"},
                {"state_key", "@irc_libera_victim:localhost"},
                {"content", {{"membership", "leave"}, {"reason", "spam"}}}});
  const std::string kick = AwaitLineWith(absl::StrCat("KICK ", kChannel, " victim"));
  EXPECT_THAT(kick, ::testing::StartsWith(absl::StrCat(":", kAliceNick, "!"))) << stack_->Logs();
  EXPECT_THAT(kick, ::testing::HasSubstr("spam"));
}

TEST_F(MembershipE2eTest, AnIrcKickOfAPuppetKicksItsMatrixUserWithTheReason) {
  AliceJoinsWithGhosts();

  // IRC → Matrix: the operator kicks alice's puppet.
  ASSERT_TRUE(watcher_->Send(absl::StrCat("KICK ", kChannel, " ", kAliceNick, " :off topic")).ok());
  ASSERT_FALSE(AwaitLineWith(absl::StrCat("KICK ", kChannel, " ", kAliceNick)).empty())
      << stack_->Logs();
  std::vector<testing::RecordedRequest> kicks;
  EXPECT_TRUE(Eventually([&] {
    kicks = RequestsAs("POST", "/kick", kBot);
    return !kicks.empty();
  })) << stack_->Logs();
  ASSERT_FALSE(kicks.empty());
  const json body = json::parse(kicks.back().body, nullptr, false);
  EXPECT_EQ(body.value("user_id", ""), kAlice) << stack_->Logs();
  EXPECT_THAT(body.value("reason", ""), ::testing::HasSubstr("off topic")) << body.dump();
  // The kick was mirrored once, not once per connection that saw it.
  EXPECT_EQ(RequestsAs("POST", "/kick", kBot).size(), 1u);
  // ngIRCd folds by ascii, the network's keys by the default rfc1459: the worker says so.
  EXPECT_TRUE(Has(WorkerLog(), "another CASEMAPPING"));
}

// casemapping: ascii, as ngIRCd announces: the shared keys fold as the server does, and the
// worker does not warn about the mapping.
class AsciiMembershipE2eTest : public MembershipE2eTest {
 protected:
  BridgeStackOptions Options() const override {
    BridgeStackOptions options;
    options.network_yaml = "    casemapping: ascii\n";
    return options;
  }
};

TEST_F(AsciiMembershipE2eTest, KeysFoldByTheConfiguredMappingAndAnIrcKickStillFindsThePuppet) {
  AliceJoinsWithGhosts();
  // The puppet's nick record is folded by ascii ('[' stays '[').
  absl::StatusOr<std::optional<std::string>> record =
      redis::Get(stack_->redis(), absl::StrCat("mxedge:irc:nick:libera:", kAliceNick));
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(record->value_or(""), kAlice);
  EXPECT_FALSE(Has(WorkerLog(), "another CASEMAPPING"));

  ASSERT_TRUE(watcher_->Send(absl::StrCat("KICK ", kChannel, " ", kAliceNick, " :bye")).ok());
  std::vector<testing::RecordedRequest> kicks;
  EXPECT_TRUE(Eventually([&] {
    kicks = RequestsAs("POST", "/kick", kBot);
    return !kicks.empty();
  })) << stack_->Logs();
  ASSERT_FALSE(kicks.empty());
  EXPECT_EQ(json::parse(kicks.back().body, nullptr, false).value("user_id", ""), kAlice);
}

// bot_leaves_when_puppets: the bridge bot's connection parts while alice's puppet is in the
// channel (which still reaches the room through her puppet) and joins again once she left.
class BotLeavesE2eTest : public ScenarioTest {
 protected:
  void SetUp() override {
    BridgeStackOptions options;
    options.network_yaml = "    bot_leaves_when_puppets: true\n";
    ASSERT_NO_FATAL_FAILURE(StartStack(std::move(options)));
  }

  // The bot's next `command` line about the channel (servers may send ":#bridge").
  std::string AwaitBot(std::string_view command) {
    const std::string want = absl::StrCat(" ", std::string(command), " ");
    return AwaitLine([&](std::string_view line) {
      return line.starts_with(":irc_libera!") && Has(line, want) && Has(line, kChannel);
    });
  }
};

TEST_F(BotLeavesE2eTest, TheBotPartsWhileAPuppetIsInTheChannelAndRejoinsAfter) {
  AliceJoins();
  EXPECT_FALSE(AwaitBot("PART").empty()) << stack_->Logs();
  // The channel is still bridged: alice's puppet receives it.
  ASSERT_TRUE(watcher_->Send(absl::StrCat("PRIVMSG ", kChannel, " :still here")).ok());
  EXPECT_TRUE(AwaitGhostSend([](const GhostSend& send) {
                return send.user_id == "@irc_libera_watcher:localhost" &&
                       send.content.value("body", "") == "still here";
              }).has_value())
      << Sent();

  stack_->Push({{"sender", kAlice},
                {"type", "m.room.member"},
                {"state_key", kAlice},
                {"content", {{"membership", "leave"}}}});
  ASSERT_FALSE(
      AwaitLineFromAlice([](std::string_view line) { return Has(line, " PART "); }).empty())
      << stack_->Logs();
  EXPECT_FALSE(AwaitBot("JOIN").empty()) << stack_->Logs();
}

}  // namespace
}  // namespace mxedge::irc_bridge_e2e
