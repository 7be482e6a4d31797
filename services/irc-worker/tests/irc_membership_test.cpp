#include "irc_membership.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fake_room_members.hpp"
#include "fake_room_state.hpp"
#include "in_memory_channel_receivers.hpp"
#include "in_memory_puppet_nicks.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/irc/parser.hpp"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::irc_worker {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using namespace std::chrono_literals;

constexpr char kRoom[] = "!r:hs";
constexpr char kBot[] = "@irc_net:hs";
constexpr char kAlice[] = "@alice:hs";  // a Matrix user with a puppet "alice[m]"

class IrcMembershipTest : public ::testing::Test {
 protected:
  IrcMembershipTest() {
    IrcMembershipOptions options;
    options.worker_id = "w1";
    options.server_name = "hs";
    IrcMembershipNetwork net;
    net.bot_user_id = kBot;
    net.ghost_join_rate = 2;
    net.quit_debounce_burst = 2;
    net.quit_debounce_hold = 10s;
    options.networks.emplace("net", net);
    std::map<std::string, ChannelMapping, std::less<>> channels;
    channels.emplace("net", *ChannelMapping::Parse({"#chan=!r:hs"}));
    membership_ = std::make_unique<IrcMembership>(nicks_, receivers_, members_, state_,
                                                  std::move(channels), options);
    EXPECT_TRUE(nicks_.Set("net", "alice{m}", kAlice).ok());
    EXPECT_TRUE(nicks_.Set("net", "bob{m}", "@bob:hs").ok());
  }

  // Feeds `text` as `mxid`'s connection saw it.
  absl::Status Feed(std::string_view text, std::string_view mxid = kAlice) {
    absl::StatusOr<irc::Message> message = irc::ParseMessage(text);
    EXPECT_TRUE(message.ok()) << message.status();
    absl::StatusOr<std::optional<MembershipEvent>> event =
        readers_[std::string(mxid)].Read(*message);
    EXPECT_TRUE(event.ok()) << event.status();
    if (!event.ok() || !event->has_value()) {
      return absl::OkStatus();
    }
    return membership_->Apply("net", mxid, **event, clock_.SteadyNow());
  }

  // Joins "alice[m]" and lists the channel's members.
  void JoinWith(std::string_view names) {
    ASSERT_TRUE(Feed(":alice[m]!a@h JOIN #chan").ok());
    ASSERT_TRUE(Feed(common::Cat(":srv 353 alice[m] = #chan :", names)).ok());
    ASSERT_TRUE(Feed(":srv 366 alice[m] #chan :End").ok());
  }

  void RunJoins() {
    while (std::optional<IrcMembership::TimePoint> next = membership_->NextDeadline()) {
      clock_.Advance(std::max<std::chrono::steady_clock::duration>(
          *next - clock_.SteadyNow(), std::chrono::steady_clock::duration::zero()));
      ASSERT_TRUE(membership_->Tick(clock_.SteadyNow()).ok());
    }
  }

  json Levels() {
    auto it = state_.state.find({kRoom, "m.room.power_levels", ""});
    return it == state_.state.end() ? json() : json::parse(it->second);
  }

  testing::FakeClock clock_;
  InMemoryChannelReceivers receivers_{clock_};
  InMemoryPuppetNicks nicks_;
  FakeRoomMembers members_;
  FakeRoomState state_;
  std::map<std::string, MembershipReader> readers_;
  std::unique_ptr<IrcMembership> membership_;
};

TEST_F(IrcMembershipTest, NamesJoinGhostsOpsFirstAtTheRateAndSetTheirLevels) {
  state_.Put(kRoom, "m.room.power_levels", R"({"users":{"@irc_net:hs":100}})");
  JoinWith("alice[m] carol +dave @erin");
  // Nothing joins at once but the first of the plan; the rest waits for Tick.
  EXPECT_EQ(Levels()["users"]["@irc_net_erin:hs"], 50);
  EXPECT_EQ(Levels()["users"]["@irc_net_dave:hs"], 1);
  EXPECT_EQ(Levels()["users"]["@irc_net:hs"], 100);
  ASSERT_TRUE(membership_->NextDeadline().has_value());
  EXPECT_TRUE(members_.calls.empty());
  const auto start = clock_.SteadyNow();
  RunJoins();
  EXPECT_THAT(members_.calls,
              ElementsAre("join @irc_net_erin:hs !r:hs", "name @irc_net_erin:hs erin",
                          "join @irc_net_dave:hs !r:hs", "name @irc_net_dave:hs dave",
                          "join @irc_net_carol:hs !r:hs", "name @irc_net_carol:hs carol"));
  // Two a second: the third join is a second after the first.
  EXPECT_GE(clock_.SteadyNow() - start, 1s);
  EXPECT_FALSE(membership_->NextDeadline().has_value());
}

TEST_F(IrcMembershipTest, OnlyTheChannelsReceiverAppliesAChange) {
  JoinWith("alice[m] bob[m]");
  ASSERT_TRUE(Feed(":carol!c@h JOIN #chan", "@bob:hs").ok());  // bob's copy: alice receives
  EXPECT_TRUE(members_.calls.empty());
  ASSERT_TRUE(Feed(":carol!c@h JOIN #chan").ok());
  EXPECT_THAT(members_.calls,
              ElementsAre("join @irc_net_carol:hs !r:hs", "name @irc_net_carol:hs carol"));
}

TEST_F(IrcMembershipTest, PartKickAndNickMoveGhosts) {
  JoinWith("alice[m] carol dave");
  RunJoins();
  members_.calls.clear();
  ASSERT_TRUE(Feed(":carol!c@h NICK :carla").ok());
  ASSERT_TRUE(Feed(":dave!d@h PART #chan :later").ok());
  ASSERT_TRUE(Feed(":carla!c@h KICK #chan bob[m] :behave").ok());
  ASSERT_TRUE(Feed(":erin!e@h JOIN #chan").ok());
  ASSERT_TRUE(Feed(":carla!c@h KICK #chan erin").ok());
  EXPECT_THAT(members_.calls,
              ElementsAre("leave @irc_net_carol:hs !r:hs Changed nick to carla",
                          "join @irc_net_carla:hs !r:hs", "name @irc_net_carla:hs carla",
                          "leave @irc_net_dave:hs !r:hs later",
                          "kick @irc_net:hs !r:hs @bob:hs carla kicked bob[m] from #chan: behave",
                          "join @irc_net_erin:hs !r:hs", "name @irc_net_erin:hs erin",
                          "kick @irc_net:hs !r:hs @irc_net_erin:hs carla kicked erin from #chan"));
  EXPECT_EQ(membership_->NickOf("net", "#CHAN", "@irc_net_carla:hs"), "carla");
  EXPECT_FALSE(membership_->NickOf("net", "#chan", "@irc_net_carol:hs").has_value());
}

TEST_F(IrcMembershipTest, OwnPuppetsNeverBecomeGhosts) {
  JoinWith("alice[m]");
  ASSERT_TRUE(Feed(":bob[m]!b@h JOIN #chan").ok());
  ASSERT_TRUE(Feed(":bob[m]!b@h PART #chan").ok());
  ASSERT_TRUE(Feed(":bob[m]!b@h TOPIC #chan :from matrix").ok());
  EXPECT_TRUE(members_.calls.empty());
  EXPECT_TRUE(state_.writes.empty());
}

TEST_F(IrcMembershipTest, NetsplitQuitsAreHeldAndDroppedForThoseWhoReturn) {
  JoinWith("alice[m] a1 a2 a3 a4");
  RunJoins();
  members_.calls.clear();
  ASSERT_TRUE(Feed(":a1!x@h QUIT :bye").ok());  // an ordinary quit: at once
  EXPECT_THAT(members_.calls, ElementsAre("leave @irc_net_a1:hs !r:hs Quit: bye"));
  members_.calls.clear();
  for (std::string_view nick : {"a2", "a3", "a4"}) {
    ASSERT_TRUE(Feed(common::Cat(":", nick, "!x@h QUIT :*.net *.split")).ok());
  }
  // The burst: the quits past the second are held.
  const std::size_t at_once = members_.calls.size();
  EXPECT_LT(at_once, 3u);
  ASSERT_TRUE(Feed(":a4!x@h JOIN #chan").ok());  // back before the hold ends
  clock_.Advance(11s);
  ASSERT_TRUE(membership_->Tick(clock_.SteadyNow()).ok());
  std::vector<std::string> leaves = members_.calls;
  EXPECT_EQ(
      std::count(leaves.begin(), leaves.end(), "leave @irc_net_a4:hs !r:hs Quit: *.net *.split"),
      0);
  EXPECT_EQ(
      std::count(leaves.begin(), leaves.end(), "leave @irc_net_a3:hs !r:hs Quit: *.net *.split"),
      1);
  EXPECT_EQ(std::count(leaves.begin(), leaves.end(), "join @irc_net_a4:hs !r:hs"), 0);
}

TEST_F(IrcMembershipTest, ModesBecomeOnePowerLevelsEventAndNeverLowerAnAdmin) {
  state_.Put(kRoom, "m.room.power_levels",
             R"({"users":{"@irc_net:hs":100,"@irc_net_carol:hs":100},"events_default":0})");
  JoinWith("alice[m] carol dave");
  const std::size_t before = state_.writes.size();
  ASSERT_TRUE(Feed(":srv MODE #chan +oov-o dave alice[m] dave carol").ok());
  ASSERT_EQ(state_.writes.size(), before + 1);
  EXPECT_EQ(state_.writes.back().as_user, kBot);
  json levels = Levels();
  EXPECT_EQ(levels["users"]["@irc_net_dave:hs"], 50);
  EXPECT_EQ(levels["users"][kAlice], 50);
  EXPECT_EQ(levels["users"]["@irc_net_carol:hs"], 100);
  EXPECT_EQ(membership_->ModesOf("net", "#chan", "dave"), "ov");

  ASSERT_TRUE(Feed(":srv MODE #chan +mi").ok());
  EXPECT_EQ(Levels()["events_default"], 1);
  EXPECT_EQ(json::parse(state_.state[{kRoom, "m.room.join_rules", ""}])["join_rule"], "invite");
  ASSERT_TRUE(Feed(":srv MODE #chan -i").ok());
  EXPECT_EQ(json::parse(state_.state[{kRoom, "m.room.join_rules", ""}])["join_rule"], "public");
}

TEST_F(IrcMembershipTest, TopicIsSetByTheGhostOnceAndServerTopicsByTheBot) {
  JoinWith("alice[m] carol");
  ASSERT_TRUE(Feed(":srv 332 alice[m] #chan :welcome").ok());
  ASSERT_EQ(state_.writes.size(), 1u);
  EXPECT_EQ(state_.writes[0].as_user, kBot);
  EXPECT_EQ(json::parse(state_.writes[0].content_json)["topic"], "welcome");
  ASSERT_TRUE(Feed(":srv 332 alice[m] #chan :welcome").ok());  // shown already
  EXPECT_EQ(state_.writes.size(), 1u);
  ASSERT_TRUE(Feed(":carol!c@h TOPIC #chan :news").ok());
  ASSERT_EQ(state_.writes.size(), 2u);
  EXPECT_EQ(state_.writes[1].as_user, "@irc_net_carol:hs");
  EXPECT_EQ(state_.writes[1].key.type, "m.room.topic");
}

TEST_F(IrcMembershipTest, AKickOfTheReceiversOwnPuppetKicksItsUserOnAnAsciiServer) {
  // The server folds by ascii; the puppet records fold by the network's casemapping (rfc1459),
  // so "alice[m]" is still found as @alice:hs when her own connection sees her KICK.
  ASSERT_TRUE(Feed(":srv 005 alice[m] CASEMAPPING=ascii :are supported by this server").ok());
  JoinWith("alice[m] @carol");
  RunJoins();
  members_.calls.clear();
  ASSERT_TRUE(Feed(":carol!c@h KICK #chan alice[m] :off topic").ok());
  EXPECT_THAT(members_.calls,
              ElementsAre("kick @irc_net:hs !r:hs @alice:hs carol kicked alice[m] from #chan: "
                          "off topic"));
  EXPECT_FALSE(membership_->NickOf("net", "#chan", kAlice).has_value());
}

TEST_F(IrcMembershipTest, SharedKeysFoldByTheConfiguredMapping) {
  IrcMembershipOptions options;
  options.worker_id = "w1";
  options.server_name = "hs";
  IrcMembershipNetwork net;
  net.bot_user_id = kBot;
  net.key_mapping = irc::CaseMapping(irc::CaseMapping::Kind::kAscii);
  options.networks.emplace("net", net);
  std::map<std::string, ChannelMapping, std::less<>> channels;
  channels.emplace("net", *ChannelMapping::Parse({"#Chan[1]=!r:hs"}));
  InMemoryPuppetNicks nicks;
  ASSERT_TRUE(nicks.Set("net", "dan[m]", "@dan:hs").ok());  // ascii-folded
  IrcMembership ascii(nicks, receivers_, members_, state_, std::move(channels), options);
  for (const char* line : {":dan[m]!d@h JOIN #chan[1]", ":srv 353 dan[m] = #chan[1] :dan[m] Carol",
                           ":srv 366 dan[m] #chan[1] :End", ":Carol!c@h KICK #chan[1] DAN[m]"}) {
    absl::StatusOr<irc::Message> message = irc::ParseMessage(line);
    ASSERT_TRUE(message.ok()) << message.status();
    absl::StatusOr<std::optional<MembershipEvent>> event = readers_["@dan:hs"].Read(*message);
    ASSERT_TRUE(event.ok()) << line;
    if (event->has_value()) {
      ASSERT_TRUE(ascii.Apply("net", "@dan:hs", **event, clock_.SteadyNow()).ok()) << line;
    }
  }
  // The receiver key of the channel is its ascii folding; the kicked puppet is dan's.
  absl::StatusOr<std::optional<Receiver>> receiver = receivers_.Current("net", "#chan[1]");
  ASSERT_TRUE(receiver.ok() && receiver->has_value());
  EXPECT_EQ((*receiver)->mxid, "@dan:hs");
  EXPECT_THAT(members_.calls, ::testing::Contains("kick @irc_net:hs !r:hs @dan:hs Carol kicked "
                                                  "DAN[m] from #chan[1]"));
}

TEST_F(IrcMembershipTest, UnmappedChannelsAndNetworksChangeNothing) {
  ASSERT_TRUE(Feed(":carol!c@h JOIN #other").ok());
  absl::StatusOr<irc::Message> join = irc::ParseMessage(":carol!c@h JOIN #chan");
  absl::StatusOr<std::optional<MembershipEvent>> event = MembershipReader().Read(*join);
  ASSERT_TRUE(membership_->Apply("elsewhere", kAlice, **event, clock_.SteadyNow()).ok());
  EXPECT_TRUE(members_.calls.empty());
}

TEST_F(IrcMembershipTest, APuppetsOperatorStatusSetsItsUsersLevelBackToTheDefault) {
  state_.Put(kRoom, "m.room.power_levels",
             R"({"users":{"@irc_net:hs":100,"@admin:hs":100},"users_default":0})");
  JoinWith("alice[m] bob[m] carol");
  ASSERT_TRUE(Feed(":carol!c@h MODE #chan +o alice[m]").ok());
  EXPECT_EQ(Levels()["users"][kAlice], 50);
  ASSERT_TRUE(Feed(":carol!c@h MODE #chan +v bob[m]").ok());
  EXPECT_EQ(Levels()["users"]["@bob:hs"], 1);
  // Losing +o with +v left: the level of +v; losing both: the room's users_default again.
  ASSERT_TRUE(Feed(":carol!c@h MODE #chan +v-o alice[m] alice[m]").ok());
  EXPECT_EQ(Levels()["users"][kAlice], 1);
  ASSERT_TRUE(Feed(":carol!c@h MODE #chan -v alice[m]").ok());
  EXPECT_FALSE(Levels()["users"].contains(kAlice));
  EXPECT_EQ(Levels()["users"]["@admin:hs"], 100);
  // bob's copy of a change is not applied: alice's connection receives the channel.
  const std::size_t writes = state_.writes.size();
  ASSERT_TRUE(Feed(":carol!c@h MODE #chan +o alice[m]", "@bob:hs").ok());
  EXPECT_EQ(state_.writes.size(), writes);
}

TEST_F(IrcMembershipTest, NobodyIsSetAboveTheBotsOwnLevel) {
  // The bot may write power levels at 20 here (a room that lowered the event's level).
  state_.Put(kRoom, "m.room.power_levels",
             R"({"users":{"@irc_net:hs":20,"@bob:hs":50},"events":{"m.room.power_levels":20}})");
  JoinWith("alice[m] bob[m] carol");
  ASSERT_TRUE(Feed(":carol!c@h MODE #chan +oo alice[m] carol").ok());
  EXPECT_EQ(Levels()["users"][kAlice], 20);
  EXPECT_EQ(Levels()["users"]["@irc_net_carol:hs"], 20);
  // bob is above the bot: his -o on IRC leaves his level alone.
  ASSERT_TRUE(Feed(":carol!c@h MODE #chan +o-o bob[m] bob[m]").ok());
  EXPECT_EQ(Levels()["users"]["@bob:hs"], 50);
  EXPECT_EQ(state_.writes.back().as_user, kBot);
}

// With two workers the channel's receiver may be another worker's connection: this worker mirrors
// nothing, yet knows from its own connection's view which nick a ghost has and that the puppet is
// op, for the Matrix kicks and power levels of its puppet's user.
TEST_F(IrcMembershipTest, ANonReceiverWorkerKnowsTheChannelFromItsOwnConnection) {
  auto claim = receivers_.TryAcquire("net", "#chan", Receiver{"w2", kBot}, 60s);
  ASSERT_TRUE(claim.ok() && claim->acquired);
  JoinWith("alice[m] @oper victim");
  ASSERT_TRUE(Feed(":oper!o@h MODE #chan +o alice[m]").ok());
  RunJoins();
  EXPECT_TRUE(members_.calls.empty());
  EXPECT_EQ(membership_->ModesOf("net", "#chan", "alice[m]"), std::optional<std::string>("o"));
  EXPECT_EQ(membership_->ModesOf("net", "#CHAN", "oper"), std::optional<std::string>("o"));
  EXPECT_EQ(membership_->GhostNick("net", "#chan", "@irc_net_victim:hs"),
            std::optional<std::string>("victim"));
  EXPECT_EQ(membership_->NickOf("net", "#chan", "@irc_net_victim:hs"),
            std::optional<std::string>("victim"));

  // What it sees next keeps the view current.
  ASSERT_TRUE(Feed(":oper!o@h KICK #chan victim :bye").ok());
  ASSERT_TRUE(Feed(":oper!o@h MODE #chan -o alice[m]").ok());
  EXPECT_EQ(membership_->GhostNick("net", "#chan", "@irc_net_victim:hs"), std::nullopt);
  EXPECT_EQ(membership_->ModesOf("net", "#chan", "alice[m]"), std::optional<std::string>(""));
  EXPECT_TRUE(members_.calls.empty());
}

}  // namespace
}  // namespace mxedge::irc_worker
