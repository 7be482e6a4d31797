#include "room_plumbing.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "fake_matrix_rooms.hpp"
#include "fake_puppets.hpp"
#include "fake_room_roster.hpp"
#include "fake_room_state.hpp"
#include "in_memory_plumbed_rooms.hpp"

namespace mxedge::irc_worker {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kBot[] = "@irc_libera:hs";
constexpr char kRoom[] = "!room:hs";
constexpr char kMod[] = "@mod:hs";
constexpr char kUser[] = "@user:hs";
constexpr char kLevels[] =
    R"({"users": {"@mod:hs": 50, "@irc_libera:hs": 100}, "users_default": 0,
        "state_default": 50})";

// Lines for connections held by other workers, recorded as "<network> <mxid> <line>"; `missing`
// users have no connection anywhere (NotFound).
class FakeRemoteLines final : public RemotePuppetLines {
 public:
  absl::Status SendLine(std::string_view network, std::string_view mxid,
                        std::string line) override {
    if (missing.contains(std::string(mxid))) {
      return absl::NotFoundError("no worker holds the connection");
    }
    lines.push_back(common::Cat(network, " ", mxid, " ", line));
    return absl::OkStatus();
  }
  std::vector<std::string> lines;
  std::set<std::string> missing;
};

class RoomPlumbingTest : public ::testing::Test {
 protected:
  RoomPlumbingTest()
      : portals_(rooms_, matrix_, Namer(), Networks()),
        plumbing_(rooms_, rooms_, portals_, matrix_, state_, roster_, puppets_, Admins(),
                  Ghosts()) {
    roster_.members[kRoom] = {kMod, kUser, kBot, "@irc_libera_bob:hs"};
    state_.Put(kRoom, "m.room.power_levels", kLevels);
  }

  static bridge::PortalAliasNamer Namer() {
    return *bridge::PortalAliasNamer::Create(bridge::PortalAliasNamer::kDefaultTemplate, "hs");
  }
  static std::map<std::string, PortalNetwork, std::less<>> Networks() {
    PortalNetwork libera;
    libera.info = {.id = "libera", .displayname = "Libera.Chat", .domain = "irc.libera.chat"};
    libera.bot_user_id = kBot;
    libera.static_channels = *ChannelMapping::Parse({"#static=!configured:hs"});
    std::map<std::string, PortalNetwork, std::less<>> networks;
    networks.emplace("libera", std::move(libera));
    return networks;
  }
  static BridgeAdmins Admins() { return *BridgeAdmins::Parse({"@root:hs"}); }
  static std::map<std::string, bridge::GhostNamer, std::less<>> Ghosts() {
    std::map<std::string, bridge::GhostNamer, std::less<>> ghosts;
    ghosts.emplace("libera", *bridge::GhostNamer::Create("irc_$NETWORK_$NICK", "hs"));
    return ghosts;
  }

  v1::MatrixEvent Event(std::string sender, std::string type, nlohmann::json content,
                        std::optional<std::string> state_key = std::nullopt) {
    v1::MatrixEvent event;
    event.set_event_id("$e" + std::to_string(++events_));
    event.set_room_id(kRoom);
    event.set_sender(std::move(sender));
    event.set_type(std::move(type));
    if (state_key.has_value()) {
      event.set_state_key(*state_key);
    }
    event.set_content_json(content.dump());
    return event;
  }
  v1::MatrixEvent Text(std::string sender, std::string body) {
    return Event(std::move(sender), "m.room.message", {{"msgtype", "m.text"}, {"body", body}});
  }
  v1::MatrixEvent BotInvite(bool is_direct = false) {
    nlohmann::json content = {{"membership", "invite"}};
    if (is_direct) {
      content["is_direct"] = true;
    }
    return Event(kMod, "m.room.member", content, kBot);
  }

  // Delivers `event` as BridgeDelivery would: what the store knows of the room, Concerns, Handle.
  v1::EventOutcome Deliver(const v1::MatrixEvent& event) {
    std::optional<BridgedRoom> room = rooms_.Find(event.room_id()).value();
    EXPECT_TRUE(plumbing_.Concerns("libera", room, event)) << event.DebugString();
    return plumbing_.Handle("libera", event.sender(), room, event);
  }

  void Invite() {
    ASSERT_EQ(Deliver(BotInvite()).outcome(), v1::DELIVERY_OUTCOME_DONE);
    matrix_.notices.clear();
  }
  void Plumb() {
    Invite();
    ASSERT_EQ(Deliver(Text(kMod, "!plumb #Chan")).outcome(), v1::DELIVERY_OUTCOME_DONE);
    matrix_.notices.clear();
    puppets_.lines.clear();
  }

  InMemoryPlumbedRooms rooms_;
  FakeMatrixRooms matrix_;
  FakeRoomState state_;
  FakeRoomRoster roster_;
  FakePuppets puppets_;
  PortalCreator portals_;
  RoomPlumbing plumbing_;
  int events_ = 0;
};

TEST_F(RoomPlumbingTest, TheBotJoinsARoomItIsInvitedIntoAndExplains) {
  Deliver(BotInvite());
  ASSERT_EQ(matrix_.joins.size(), 1u);
  EXPECT_EQ(matrix_.joins[0].as_user, kBot);
  EXPECT_EQ(matrix_.joins[0].room_id, kRoom);
  std::optional<BridgedRoom> room = rooms_.Find(kRoom).value();
  ASSERT_TRUE(room.has_value());
  EXPECT_EQ(room->kind, RoomKind::kInvited);
  EXPECT_EQ(room->user_id, kMod);
  ASSERT_EQ(matrix_.notices.size(), 1u);
  EXPECT_THAT(matrix_.notices[0].body, HasSubstr("!plumb #channel"));
}

TEST_F(RoomPlumbingTest, ARoomWaitingForAnotherNetworkIsLeft) {
  ASSERT_TRUE(rooms_.AddInvited("oftc", kRoom, kMod).value());
  EXPECT_EQ(Deliver(BotInvite()).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(rooms_.Find(kRoom).value()->network, "oftc");
  ASSERT_EQ(matrix_.leaves.size(), 1u);
  EXPECT_EQ(matrix_.leaves[0].as_user, kBot);
  EXPECT_THAT(matrix_.notices, IsEmpty());
}

TEST_F(RoomPlumbingTest, DirectChatInvitesAndKnownRoomsAreNotItsConcern) {
  EXPECT_FALSE(plumbing_.IsBotInvite("libera", BotInvite(/*is_direct=*/true)));
  EXPECT_FALSE(plumbing_.Concerns("libera", std::nullopt, BotInvite(/*is_direct=*/true)));
  const BridgedRoom portal{.room_id = kRoom, .network = "libera", .channel = "#python"};
  EXPECT_FALSE(plumbing_.Concerns("libera", portal, BotInvite()));
  // In a portal the commands are chat; in an unknown room nothing reaches here but invites.
  EXPECT_FALSE(plumbing_.Concerns("libera", portal, Text(kMod, "!plumb #x")));
  EXPECT_FALSE(plumbing_.Concerns("libera", std::nullopt, Text(kMod, "!plumb #x")));
  EXPECT_FALSE(plumbing_.Concerns("oftc", std::nullopt, BotInvite()));
  // In an invited room only the commands and the bot's removal.
  const BridgedRoom invited{
      .room_id = kRoom, .network = "libera", .kind = RoomKind::kInvited, .user_id = kMod};
  EXPECT_TRUE(plumbing_.Concerns("libera", invited, Text(kMod, "!plumb #x")));
  EXPECT_TRUE(plumbing_.Concerns("libera", invited, Text(kMod, "!plumb")));  // answered: usage
  EXPECT_FALSE(plumbing_.Concerns("libera", invited, Text(kMod, "hello")));
  EXPECT_TRUE(plumbing_.Concerns("libera", invited,
                                 Event(kMod, "m.room.member", {{"membership", "leave"}}, kBot)));
  EXPECT_FALSE(plumbing_.Concerns("libera", invited,
                                  Event(kUser, "m.room.member", {{"membership", "leave"}}, kUser)));
}

TEST_F(RoomPlumbingTest, AModeratorPlumbsTheRoom) {
  Invite();
  EXPECT_EQ(Deliver(Text(kMod, "!plumb #Chan")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  // The channel's room now, as a portal's records (folded by the network's CASEMAPPING).
  EXPECT_EQ(rooms_.PortalOf("libera", "#chan").value(), std::optional<std::string>(kRoom));
  std::optional<BridgedRoom> room = rooms_.Find(kRoom).value();
  ASSERT_TRUE(room.has_value());
  EXPECT_EQ(room->kind, RoomKind::kPortal);
  EXPECT_TRUE(room->plumbed);
  EXPECT_EQ(portals_.ChannelOf(kRoom).value(),
            (std::optional<std::pair<std::string, std::string>>({"libera", "#chan"})));
  // Bridge info in both event types, as the bot.
  ASSERT_EQ(state_.writes.size(), 2u);
  EXPECT_EQ(state_.writes[0].key.type, "m.bridge");
  EXPECT_EQ(state_.writes[1].key.type, "uk.half-shot.bridge");
  EXPECT_EQ(state_.writes[0].as_user, kBot);
  EXPECT_EQ(state_.writes[0].key.state_key, "mxedge://irc/libera/%23chan");
  EXPECT_EQ(nlohmann::json::parse(state_.writes[0].content_json)["channel"]["id"], "#chan");
  // The Matrix members' puppets join (not the bot, not the ghost) and their channels are kept.
  EXPECT_THAT(puppets_.lines,
              ElementsAre("libera @mod:hs JOIN #chan", "libera @user:hs JOIN #chan"));
  EXPECT_THAT(rooms_.UserChannels("libera", kUser).value(), ElementsAre("#chan"));
  ASSERT_EQ(matrix_.notices.size(), 1u);
  EXPECT_THAT(matrix_.notices[0].body, HasSubstr("now bridged to #chan on libera"));
}

TEST_F(RoomPlumbingTest, PuppetsNotReadyHereJoinWhenTheyRegister) {
  Invite();
  puppets_.readiness = PuppetReadiness::kConnecting;
  EXPECT_EQ(Deliver(Text(kMod, "!plumb #chan")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_THAT(puppets_.lines, IsEmpty());
  // The channel is among their channels, which a registering connection joins.
  EXPECT_THAT(rooms_.UserChannels("libera", kMod).value(), ElementsAre("#chan"));
  EXPECT_THAT(rooms_.UserChannels("libera", kUser).value(), ElementsAre("#chan"));
}

TEST_F(RoomPlumbingTest, PuppetsHeldByOtherWorkersJoinThroughThem) {
  FakeRemoteLines remote;
  plumbing_.SetRemote(&remote);
  Invite();
  puppets_.readiness = PuppetReadiness::kNotMine;
  EXPECT_EQ(Deliver(Text(kMod, "!plumb #chan")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_THAT(puppets_.lines, IsEmpty());
  EXPECT_THAT(remote.lines, ElementsAre("libera @mod:hs JOIN #chan", "libera @user:hs JOIN #chan"));
  // Unlinking parts them the same way; a member without any connection is skipped.
  remote.lines.clear();
  remote.missing.insert(kMod);
  EXPECT_EQ(Deliver(Text(kMod, "!unlink")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_THAT(remote.lines, ElementsAre("libera @user:hs PART #chan"));
  EXPECT_EQ(rooms_.PortalOf("libera", "#chan").value(), std::nullopt);
}

TEST_F(RoomPlumbingTest, TheBridgeBotJoinsThePlumbedChannelAndPartsItOnUnlink) {
  FakeRemoteLines remote;
  BotChannels bots(rooms_, puppets_, &remote);
  plumbing_.SetBotChannels(&bots);
  Invite();
  // The bot's connection is held by another worker; the puppets by this one.
  EXPECT_EQ(Deliver(Text(kMod, "!plumb #Chan")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_THAT(rooms_.UserChannels("libera", kBot).value(), ElementsAre("#chan"));
  EXPECT_THAT(remote.lines, ElementsAre("libera @irc_libera:hs JOIN #chan"));
  remote.lines.clear();
  EXPECT_EQ(Deliver(Text(kMod, "!unlink")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_THAT(rooms_.UserChannels("libera", kBot).value(), IsEmpty());
  EXPECT_THAT(remote.lines, ElementsAre("libera @irc_libera:hs PART #chan"));
}

TEST_F(RoomPlumbingTest, KickingTheBotPartsItsConnectionFromTheChannel) {
  BotChannels bots(rooms_, puppets_, nullptr);
  plumbing_.SetBotChannels(&bots);
  Plumb();
  puppets_.statuses["libera @irc_libera:hs"] =
      PuppetStatus{.nick = "irc_libera", .registered = true};
  roster_.fail = absl::FailedPreconditionError("get joined members: M_FORBIDDEN (HTTP 403)");
  EXPECT_EQ(Deliver(Event(kMod, "m.room.member", {{"membership", "leave"}}, kBot)).outcome(),
            v1::DELIVERY_OUTCOME_DONE);
  EXPECT_THAT(puppets_.lines, ElementsAre("libera @irc_libera:hs PART #chan"));
  EXPECT_THAT(rooms_.UserChannels("libera", kBot).value(), IsEmpty());
}

TEST_F(RoomPlumbingTest, ANonModeratorIsRefused) {
  Invite();
  EXPECT_EQ(Deliver(Text(kUser, "!plumb #chan")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  ASSERT_EQ(matrix_.notices.size(), 1u);
  EXPECT_EQ(matrix_.notices[0].body,
            "Only this room's moderators can bridge it: it needs a power level of 50 and yours "
            "is 0.");
  EXPECT_EQ(rooms_.PortalOf("libera", "#chan").value(), std::nullopt);
  EXPECT_EQ(rooms_.Find(kRoom).value()->kind, RoomKind::kInvited);
  EXPECT_THAT(puppets_.lines, IsEmpty());
}

TEST_F(RoomPlumbingTest, BridgeAdminsMayPlumbWithoutPowerLevel) {
  roster_.members[kRoom].push_back("@root:hs");
  Invite();
  Deliver(Text("@root:hs", "!plumb #chan"));
  EXPECT_EQ(rooms_.PortalOf("libera", "#chan").value(), std::optional<std::string>(kRoom));
}

TEST_F(RoomPlumbingTest, WithoutPowerLevelsTheCreatorIsTheModerator) {
  state_.state.clear();
  state_.Put(kRoom, "m.room.create", R"({"creator": "@user:hs"})");
  Invite();
  Deliver(Text(kMod, "!plumb #chan"));
  EXPECT_EQ(rooms_.PortalOf("libera", "#chan").value(), std::nullopt);
  EXPECT_THAT(matrix_.notices.back().body, HasSubstr("yours is 0"));
  Deliver(Text(kUser, "!plumb #chan"));
  EXPECT_EQ(rooms_.PortalOf("libera", "#chan").value(), std::optional<std::string>(kRoom));
}

TEST_F(RoomPlumbingTest, MalformedPowerLevelsAreAnsweredNotCrashed) {
  state_.Put(kRoom, "m.room.power_levels", R"({"users": ["@mod:hs"]})");
  Invite();
  EXPECT_EQ(Deliver(Text(kMod, "!plumb #chan")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_THAT(matrix_.notices.back().body, HasSubstr("cannot tell who moderates this room"));
  EXPECT_EQ(rooms_.PortalOf("libera", "#chan").value(), std::nullopt);
}

TEST_F(RoomPlumbingTest, AStateReadFailureIsRetried) {
  Invite();
  state_.fail_next = absl::UnavailableError("router unreachable");
  EXPECT_EQ(Deliver(Text(kMod, "!plumb #chan")).outcome(), v1::DELIVERY_OUTCOME_RETRY_LATER);
  EXPECT_EQ(rooms_.PortalOf("libera", "#chan").value(), std::nullopt);
}

TEST_F(RoomPlumbingTest, RefusesChannelsThatCannotBePlumbed) {
  ASSERT_TRUE(rooms_.AddPortal("libera", "#python", "!portal:hs").ok());
  Invite();
  Deliver(Text(kMod, "!plumb #Python"));
  EXPECT_THAT(matrix_.notices.back().body, HasSubstr("#Python already has a room (!portal:hs)"));
  Deliver(Text(kMod, "!plumb #static"));
  EXPECT_THAT(matrix_.notices.back().body, HasSubstr("by the bridge's configuration"));
  Deliver(Text(kMod, "!plumb python"));
  EXPECT_THAT(matrix_.notices.back().body, HasSubstr("python"));
  EXPECT_EQ(matrix_.notices.size(), 3u);
  EXPECT_EQ(rooms_.Find(kRoom).value()->kind, RoomKind::kInvited);
  EXPECT_THAT(puppets_.lines, IsEmpty());
}

TEST_F(RoomPlumbingTest, APlumbedRoomAnswersAnotherPlumb) {
  Plumb();
  Deliver(Text(kMod, "!plumb #other"));
  EXPECT_THAT(matrix_.notices.back().body, HasSubstr("already bridged to #chan"));
  EXPECT_EQ(rooms_.PortalOf("libera", "#other").value(), std::nullopt);
}

TEST_F(RoomPlumbingTest, AnAliasQueryOfAPlumbedChannelCreatesNoPortal) {
  Plumb();
  EXPECT_EQ(portals_.OnAliasQuery("#irc_libera_#chan:hs").value(), std::nullopt);
  EXPECT_THAT(matrix_.created, IsEmpty());
}

TEST_F(RoomPlumbingTest, UnlinkRemovesTheMappingPartsAndLeaves) {
  Plumb();
  puppets_.statuses["libera @user:hs"] = PuppetStatus{.nick = "user[m]", .registered = true};
  EXPECT_EQ(Deliver(Text(kMod, "!unlink")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(rooms_.Find(kRoom).value(), std::nullopt);
  EXPECT_EQ(rooms_.PortalOf("libera", "#chan").value(), std::nullopt);
  // Only the puppets this worker holds PART; everyone's channel is forgotten.
  EXPECT_THAT(puppets_.lines, ElementsAre("libera @user:hs PART #chan"));
  EXPECT_THAT(rooms_.UserChannels("libera", kMod).value(), IsEmpty());
  EXPECT_THAT(matrix_.NoticeBodies(), ElementsAre(HasSubstr("no longer bridged to #chan")));
  ASSERT_EQ(matrix_.leaves.size(), 1u);
  EXPECT_EQ(matrix_.leaves[0].as_user, kBot);
  // The bridge info is emptied.
  EXPECT_EQ(state_.writes.back().content_json, "{}");
}

TEST_F(RoomPlumbingTest, ANonModeratorCannotUnlink) {
  Plumb();
  Deliver(Text(kUser, "!unlink"));
  EXPECT_THAT(matrix_.notices.back().body, HasSubstr("Only this room's moderators can unlink it"));
  EXPECT_EQ(rooms_.PortalOf("libera", "#chan").value(), std::optional<std::string>(kRoom));
  EXPECT_THAT(matrix_.leaves, IsEmpty());
}

TEST_F(RoomPlumbingTest, KickingTheBotUnlinksTheRoom) {
  Plumb();
  roster_.fail = absl::FailedPreconditionError("get joined members: M_FORBIDDEN (HTTP 403)");
  puppets_.statuses["libera @mod:hs"] = PuppetStatus{.nick = "mod[m]", .registered = true};
  EXPECT_EQ(Deliver(Event(kMod, "m.room.member", {{"membership", "leave"}}, kBot)).outcome(),
            v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(rooms_.PortalOf("libera", "#chan").value(), std::nullopt);
  EXPECT_EQ(rooms_.Find(kRoom).value(), std::nullopt);
  // The members cannot be read any more: the kicker's puppet parts.
  EXPECT_THAT(puppets_.lines, ElementsAre("libera @mod:hs PART #chan"));
  EXPECT_THAT(matrix_.notices, IsEmpty());
  EXPECT_THAT(matrix_.leaves, IsEmpty());
}

TEST_F(RoomPlumbingTest, UnlinkInAnInvitedRoomJustLeaves) {
  Invite();
  Deliver(Text(kMod, "!unlink"));
  EXPECT_EQ(rooms_.Find(kRoom).value(), std::nullopt);
  EXPECT_THAT(matrix_.NoticeBodies(), ElementsAre(HasSubstr("Leaving")));
  EXPECT_EQ(matrix_.leaves.size(), 1u);
}

TEST_F(RoomPlumbingTest, RepliesCarryIdempotencyKeysFromTheEvent) {
  Invite();
  const v1::MatrixEvent event = Text(kUser, "!plumb #chan");
  Deliver(event);
  ASSERT_EQ(matrix_.notices.size(), 1u);
  EXPECT_EQ(matrix_.notices[0].key, "plumb:" + event.event_id() + ":0");
}

}  // namespace
}  // namespace mxedge::irc_worker
