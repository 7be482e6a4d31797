#include "admin_room.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fake_matrix_rooms.hpp"
#include "fake_puppets.hpp"
#include "fake_user_credentials.hpp"
#include "in_memory_bridged_rooms.hpp"

namespace mxedge::irc_worker {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kUser[] = "@alice:hs";
constexpr char kBot[] = "@irc_libera:hs";
constexpr char kDm[] = "!dm:hs";

v1::MatrixEvent Event(std::string id, std::string type, nlohmann::json content,
                      std::optional<std::string> state_key = std::nullopt, std::string room = kDm) {
  v1::MatrixEvent event;
  event.set_event_id(std::move(id));
  event.set_room_id(std::move(room));
  event.set_sender(kUser);
  event.set_type(std::move(type));
  event.set_content_json(content.dump());
  if (state_key.has_value()) {
    event.set_state_key(*state_key);
  }
  return event;
}

v1::MatrixEvent Invite(std::string id, bool direct = true) {
  return Event(std::move(id), "m.room.member", {{"membership", "invite"}, {"is_direct", direct}},
               kBot);
}

v1::MatrixEvent Text(std::string id, std::string body) {
  return Event(std::move(id), "m.room.message", {{"msgtype", "m.text"}, {"body", body}});
}

class AdminRoomTest : public ::testing::Test {
 protected:
  AdminRoomTest()
      : portals_(
            rooms_, matrix_,
            *bridge::PortalAliasNamer::Create(bridge::PortalAliasNamer::kDefaultTemplate, "hs"),
            PortalNetworks()),
        admin_(rooms_, matrix_, puppets_, portals_, AdminNetworks(), &credentials_) {}

  static std::map<std::string, PortalNetwork, std::less<>> PortalNetworks() {
    PortalNetwork libera;
    libera.info = {.id = "libera", .displayname = "libera", .domain = "irc.libera.chat"};
    libera.bot_user_id = kBot;
    std::map<std::string, PortalNetwork, std::less<>> out;
    out.emplace("libera", std::move(libera));
    return out;
  }
  static std::map<std::string, AdminNetwork, std::less<>> AdminNetworks(
      std::vector<std::string> admins = {"@root:hs"}) {
    std::map<std::string, AdminNetwork, std::less<>> out;
    out.emplace("libera",
                AdminNetwork{.bot_user_id = kBot, .bridge_admins = *BridgeAdmins::Parse(admins)});
    return out;
  }

  // Opens kDm as the admin room and forgets what that sent.
  void OpenAdminRoom() {
    ASSERT_EQ(Handle(Invite("$invite")).outcome(), v1::DELIVERY_OUTCOME_DONE);
    matrix_.notices.clear();
    matrix_.joins.clear();
  }

  v1::EventOutcome Handle(const v1::MatrixEvent& event) {
    absl::StatusOr<std::optional<BridgedRoom>> room = rooms_.Find(event.room_id());
    EXPECT_TRUE(room.ok());
    return admin_.Handle("libera", kUser, *room, event);
  }

  InMemoryBridgedRooms rooms_;
  FakeUserCredentials credentials_;
  FakeMatrixRooms matrix_;
  FakePuppets puppets_;
  PortalCreator portals_;
  AdminRoom admin_;
};

TEST_F(AdminRoomTest, ADirectInviteOfTheBotOpensTheAdminRoom) {
  EXPECT_TRUE(admin_.IsBotInvite("libera", Invite("$i")));
  EXPECT_FALSE(admin_.IsBotInvite("libera", Invite("$i", /*direct=*/false)));
  EXPECT_FALSE(admin_.IsBotInvite("oftc", Invite("$i")));
  ASSERT_EQ(Handle(Invite("$invite")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  ASSERT_EQ(matrix_.joins.size(), 1u);
  EXPECT_EQ(matrix_.joins[0].as_user, kBot);
  EXPECT_EQ(matrix_.joins[0].room_id, kDm);
  EXPECT_EQ(rooms_.AdminRoomOf("libera", kUser).value(), std::optional<std::string>(kDm));
  EXPECT_THAT(matrix_.NoticeBodies(), ElementsAre(HasSubstr("Send !help")));
}

TEST_F(AdminRoomTest, HelpListsTheCommandsAndUnknownCommandsGetASuggestion) {
  OpenAdminRoom();
  EXPECT_EQ(Handle(Text("$h", "!help")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(Handle(Text("$j", "!jion #python")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(Handle(Text("$c", "just chatting")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  ASSERT_EQ(matrix_.notices.size(), 2u);
  EXPECT_THAT(matrix_.notices[0].body, HasSubstr("!join"));
  EXPECT_THAT(matrix_.notices[0].body, ::testing::Not(HasSubstr("!cmd")));
  EXPECT_THAT(matrix_.notices[1].body, HasSubstr("did you mean !join?"));
  // Answers are keyed by the command's event, so a redelivery is one notice.
  EXPECT_EQ(matrix_.notices[0].key, "admin:$h:0");
  EXPECT_THAT(puppets_.lines, IsEmpty());
}

TEST_F(AdminRoomTest, JoinSendsJoinCreatesThePortalAndInvites) {
  OpenAdminRoom();
  EXPECT_EQ(Handle(Text("$j", "!join #Python secret")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_THAT(puppets_.lines, ElementsAre("libera @alice:hs JOIN #Python secret"));
  std::optional<std::string> portal = rooms_.PortalOf("libera", "#python").value();
  ASSERT_TRUE(portal.has_value());
  ASSERT_EQ(matrix_.invites.size(), 1u);
  EXPECT_EQ(matrix_.invites[0].room_id, *portal);
  EXPECT_EQ(matrix_.invites[0].other, kUser);
  EXPECT_EQ(rooms_.UserChannels("libera", kUser).value(), std::vector<std::string>{"#python"});
  EXPECT_THAT(matrix_.NoticeBodies(), ElementsAre(HasSubstr("Joining #Python")));

  puppets_.statuses["libera @alice:hs"] = {
      .nick = "alice[m]", .registered = true, .channels = {"#Python"}};
  EXPECT_EQ(Handle(Text("$l", "!listrooms")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_THAT(matrix_.notices.back().body, HasSubstr("#python → " + *portal));
  EXPECT_THAT(matrix_.notices.back().body, HasSubstr("Connected as alice[m]"));

  EXPECT_EQ(Handle(Text("$p", "!part #PYTHON")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(puppets_.lines.back(), "libera @alice:hs PART #PYTHON");
  EXPECT_TRUE(rooms_.UserChannels("libera", kUser).value().empty());
}

TEST_F(AdminRoomTest, NickAndWhoisGoToTheServer) {
  OpenAdminRoom();
  EXPECT_EQ(Handle(Text("$n", "!nick Alice")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(Handle(Text("$w", "!whois bob")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_THAT(puppets_.lines,
              ElementsAre("libera @alice:hs NICK Alice", "libera @alice:hs WHOIS bob"));
  EXPECT_THAT(matrix_.NoticeBodies(), ElementsAre(HasSubstr("if it is taken you will be told")));
  // A nick the server would refuse never leaves the bridge.
  EXPECT_EQ(Handle(Text("$bad", "!nick 9lives")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(puppets_.lines.size(), 2u);
  // !whois of a Matrix user answers from what this worker knows.
  puppets_.statuses["libera @bob:hs"] = {.nick = "bob[m]", .registered = true};
  EXPECT_EQ(Handle(Text("$wm", "!whois @bob:hs")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(matrix_.notices.back().body, "@bob:hs is bob[m] on libera.");
}

TEST_F(AdminRoomTest, CommandsWaitForTheConnectionOrItsOwner) {
  OpenAdminRoom();
  puppets_.readiness = PuppetReadiness::kConnecting;
  v1::EventOutcome waiting = Handle(Text("$j", "!join #python"));
  EXPECT_EQ(waiting.outcome(), v1::DELIVERY_OUTCOME_RETRY_LATER);
  EXPECT_GT(waiting.retry_after_ms(), 0);
  puppets_.readiness = PuppetReadiness::kNotMine;
  EXPECT_EQ(Handle(Text("$j", "!join #python")).outcome(), v1::DELIVERY_OUTCOME_NOT_MINE);
  puppets_.readiness = absl::UnavailableError("redis down");
  EXPECT_EQ(Handle(Text("$j", "!join #python")).outcome(), v1::DELIVERY_OUTCOME_RETRY_LATER);
  EXPECT_THAT(puppets_.lines, IsEmpty());
  // !help needs no connection.
  EXPECT_EQ(Handle(Text("$h", "!help join")).outcome(), v1::DELIVERY_OUTCOME_DONE);
}

TEST_F(AdminRoomTest, ReconnectAndQuit) {
  OpenAdminRoom();
  EXPECT_EQ(Handle(Text("$r", "!reconnect")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(Handle(Text("$q", "!quit")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_THAT(puppets_.actions, ElementsAre("reconnect libera @alice:hs", "quit libera @alice:hs"));
  EXPECT_THAT(matrix_.NoticeBodies(),
              ElementsAre(HasSubstr("Reconnecting"), HasSubstr("Disconnected from libera")));
}

TEST_F(AdminRoomTest, CmdIsForBridgeAdminsOnly) {
  OpenAdminRoom();
  EXPECT_EQ(Handle(Text("$c", "!cmd PRIVMSG NickServ :help")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_THAT(puppets_.lines, IsEmpty());
  ASSERT_EQ(matrix_.notices.size(), 1u);
  EXPECT_THAT(matrix_.notices[0].body, HasSubstr("admin"));
}

TEST_F(AdminRoomTest, CmdIsAllowedToAdminsMatchedByAGlob) {
  AdminRoom admin(rooms_, matrix_, puppets_, portals_, AdminNetworks({"@*:hs"}), &credentials_);
  ASSERT_EQ(admin.Handle("libera", kUser, std::nullopt, Invite("$invite")).outcome(),
            v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(admin
                .Handle("libera", kUser, rooms_.Find(kDm).value(),
                        Text("$c", "!cmd PRIVMSG NickServ :help"))
                .outcome(),
            v1::DELIVERY_OUTCOME_DONE);
  EXPECT_THAT(puppets_.lines, ElementsAre("libera @alice:hs PRIVMSG NickServ :help"));
}

TEST_F(AdminRoomTest, UsernameIsStoredForTheNextConnection) {
  OpenAdminRoom();
  EXPECT_EQ(Handle(Text("$u", "!username alice_1")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(Handle(Text("$v", "!username Not/Valid")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(credentials_.logins["libera @alice:hs"].username, "alice_1");
  EXPECT_THAT(matrix_.NoticeBodies(),
              ElementsAre(HasSubstr("is now alice_1; it is used from your next connection"),
                          HasSubstr("not a valid username")));
  EXPECT_THAT(puppets_.lines, IsEmpty());
}

TEST_F(AdminRoomTest, StorePassKeepsAccountAndPasswordAndAsksToDeleteTheMessage) {
  OpenAdminRoom();
  EXPECT_EQ(Handle(Text("$p", "!storepass alice:s3cr:et")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  const StoredLogin& login = credentials_.logins["libera @alice:hs"];
  EXPECT_EQ(login.account, "alice");
  EXPECT_EQ(login.password, "s3cr:et");
  ASSERT_EQ(matrix_.notices.size(), 1u);
  EXPECT_THAT(matrix_.notices[0].body, HasSubstr("stored, encrypted, for the account alice"));
  EXPECT_THAT(matrix_.notices[0].body, HasSubstr("please delete"));
  EXPECT_THAT(matrix_.notices[0].body, ::testing::Not(HasSubstr("s3cr")));

  EXPECT_EQ(Handle(Text("$r", "!removepass")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(Handle(Text("$s", "!removepass")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_TRUE(credentials_.logins["libera @alice:hs"].password.empty());
  ASSERT_EQ(matrix_.notices.size(), 3u);
  EXPECT_THAT(matrix_.notices[1].body, HasSubstr("is deleted"));
  EXPECT_THAT(matrix_.notices[2].body, HasSubstr("You have no stored password"));
}

TEST_F(AdminRoomTest, StorePassWithoutAKeySaysStoringIsDisabled) {
  OpenAdminRoom();
  credentials_.can_store = false;
  EXPECT_EQ(Handle(Text("$p", "!storepass hunter2")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_TRUE(credentials_.logins.empty());
  EXPECT_THAT(matrix_.NoticeBodies(),
              ElementsAre(HasSubstr("Storing passwords is disabled on this bridge")));
}

TEST_F(AdminRoomTest, AStoreFailureIsRetried) {
  OpenAdminRoom();
  credentials_.fail = absl::UnavailableError("redis down");
  EXPECT_EQ(Handle(Text("$p", "!storepass hunter2")).outcome(), v1::DELIVERY_OUTCOME_RETRY_LATER);
  EXPECT_THAT(matrix_.notices, IsEmpty());
}

TEST_F(AdminRoomTest, PlumbInTheAdminRoomPointsToTheRoomToBridge) {
  OpenAdminRoom();
  EXPECT_EQ(Handle(Text("$p", "!plumb #python")).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_THAT(matrix_.NoticeBodies(), ElementsAre(HasSubstr("in the room to bridge")));
}

TEST_F(AdminRoomTest, AnEncryptedAdminRoomIsReplacedByAnUnencryptedOne) {
  OpenAdminRoom();
  EXPECT_EQ(Handle(Event("$e", "m.room.encryption", {{"algorithm", "m.megolm.v1.aes-sha2"}}, ""))
                .outcome(),
            v1::DELIVERY_OUTCOME_DONE);
  ASSERT_EQ(matrix_.created.size(), 1u);
  EXPECT_TRUE(matrix_.created[0].is_direct);
  EXPECT_THAT(matrix_.created[0].invite, ElementsAre(kUser));
  EXPECT_TRUE(matrix_.created[0].initial_state.empty());
  const std::string fresh = "!room1:hs";
  EXPECT_EQ(rooms_.AdminRoomOf("libera", kUser).value(), std::optional<std::string>(fresh));
  EXPECT_EQ(rooms_.Find(kDm).value(), std::nullopt);
  ASSERT_EQ(matrix_.notices.size(), 2u);
  EXPECT_EQ(matrix_.notices[0].room_id, kDm);
  EXPECT_THAT(matrix_.notices[0].body, HasSubstr("cannot read encrypted messages"));
  EXPECT_EQ(matrix_.notices[1].room_id, fresh);
  ASSERT_EQ(matrix_.leaves.size(), 1u);
  EXPECT_EQ(matrix_.leaves[0].room_id, kDm);
}

TEST_F(AdminRoomTest, AnInviteIntoAnEncryptedRoomIsAnsweredWithANewRoom) {
  v1::MatrixEvent invite = Invite("$invite");
  invite.set_unsigned_json(nlohmann::json{
      {"invite_room_state", {{{"type", "m.room.encryption"}, {"state_key", ""}, {"content", {}}}}}}
                               .dump());
  ASSERT_EQ(Handle(invite).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(rooms_.AdminRoomOf("libera", kUser).value(), std::optional<std::string>("!room1:hs"));
  EXPECT_THAT(matrix_.notices[0].body, HasSubstr("encrypted"));
}

TEST_F(AdminRoomTest, LeavingForgetsTheRoomAndOthersAreIgnored) {
  OpenAdminRoom();
  v1::MatrixEvent other = Text("$o", "!quit");
  other.set_sender("@mallory:hs");
  EXPECT_EQ(admin_.Handle("libera", "@mallory:hs", rooms_.Find(kDm).value(), other).outcome(),
            v1::DELIVERY_OUTCOME_DONE);
  EXPECT_THAT(puppets_.actions, IsEmpty());
  EXPECT_EQ(Handle(Event("$leave", "m.room.member", {{"membership", "leave"}}, kUser)).outcome(),
            v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(rooms_.AdminRoomOf("libera", kUser).value(), std::nullopt);
  ASSERT_EQ(matrix_.leaves.size(), 1u);
  EXPECT_EQ(matrix_.leaves[0].as_user, kBot);
}

TEST_F(AdminRoomTest, NotifyReachesTheAdminRoomWhenThereIsOne) {
  ASSERT_TRUE(admin_.Notify("libera", kUser, "Connected", "k1").ok());
  EXPECT_THAT(matrix_.notices, IsEmpty());
  OpenAdminRoom();
  ASSERT_TRUE(admin_.Notify("libera", kUser, "Connected to libera as alice[m].", "k2").ok());
  ASSERT_EQ(matrix_.notices.size(), 1u);
  EXPECT_EQ(matrix_.notices[0].room_id, kDm);
  EXPECT_EQ(matrix_.notices[0].as_user, kBot);
  EXPECT_EQ(admin_.Notify("oftc", kUser, "x", "k3").code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mxedge::irc_worker
