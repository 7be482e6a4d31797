#include "puppet_nick_sync.hpp"

#include <gtest/gtest.h>

#include "fake_puppets.hpp"
#include "in_memory_puppet_nick_records.hpp"
#include "nick_template.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::irc_worker {
namespace {

constexpr char kAlice[] = "@alice:hs.test";
const ConnectionKey kKey{"libera", kAlice};

v1::MatrixEvent Join(std::string_view mxid, nlohmann::json content) {
  v1::MatrixEvent event;
  event.set_event_id("$join");
  event.set_room_id("!room:hs.test");
  event.set_sender(std::string(mxid));
  event.set_type("m.room.member");
  event.set_state_key(std::string(mxid));
  content["membership"] = "join";
  event.set_content_json(content.dump());
  return event;
}

v1::MatrixEvent NamedJoin(std::string_view name) { return Join(kAlice, {{"displayname", name}}); }

class PuppetNickSyncTest : public ::testing::Test {
 protected:
  PuppetNickSyncTest() : sync_(records_, puppets_, Namers("$DISPLAY[m]")) {}

  static std::map<std::string, bridge::PuppetNamer, std::less<>> Namers(std::string_view text) {
    std::map<std::string, bridge::PuppetNamer, std::less<>> namers;
    namers.emplace("libera", *ParseNickTemplate(text));
    return namers;
  }
  void Registered(std::string nick) {
    puppets_.statuses["libera @alice:hs.test"] =
        PuppetStatus{.nick = std::move(nick), .registered = true};
  }

  InMemoryPuppetNickRecords records_;
  FakePuppets puppets_;
  PuppetNickSync sync_;
};

TEST_F(PuppetNickSyncTest, ConnectsWithTheLocalpartUntilADisplayNameIsKnown) {
  EXPECT_EQ(sync_.NickForConnect(kKey), "alice[m]");
  ASSERT_TRUE(records_.SetDisplayName(kAlice, "Alice Liddell").ok());
  EXPECT_EQ(sync_.NickForConnect(kKey), "Alice_Liddell[m]");
  EXPECT_EQ(sync_.NickWithoutDisplayName("libera", kAlice), "alice[m]");
}

TEST_F(PuppetNickSyncTest, ConnectsWithTheChosenNick) {
  ASSERT_TRUE(records_.SetDisplayName(kAlice, "Alice Liddell").ok());
  ASSERT_TRUE(records_.SetChosenNick("libera", kAlice, "rabbit").ok());
  EXPECT_EQ(sync_.NickForConnect(kKey), "rabbit");
  EXPECT_EQ(sync_.NickOf("libera", kAlice), "rabbit");
}

TEST_F(PuppetNickSyncTest, JoinStoresTheDisplayNameAndRenamesARegisteredPuppet) {
  sync_.NickForConnect(kKey);
  Registered("alice[m]");
  sync_.OnMemberEvent("libera", kAlice, NamedJoin("Alice Liddell"));
  EXPECT_EQ(records_.DisplayName(kAlice)->value_or(""), "Alice Liddell");
  ASSERT_EQ(puppets_.lines.size(), 1u);
  EXPECT_EQ(puppets_.lines[0], "libera @alice:hs.test NICK Alice_Liddell[m]");
  // The same join again (a retry, or another room): nothing more.
  Registered("Alice_Liddell[m]");
  sync_.OnMemberEvent("libera", kAlice, NamedJoin("Alice Liddell"));
  EXPECT_EQ(puppets_.lines.size(), 1u);
  // A change that gives the same nick sends nothing either.
  sync_.OnMemberEvent("libera", kAlice, NamedJoin("Alice  Liddell"));
  EXPECT_EQ(puppets_.lines.size(), 1u);
  sync_.OnMemberEvent("libera", kAlice, NamedJoin("Queen Alice"));
  ASSERT_EQ(puppets_.lines.size(), 2u);
  EXPECT_EQ(puppets_.lines[1], "libera @alice:hs.test NICK Queen_Alice[m]");
}

TEST_F(PuppetNickSyncTest, ChosenNickWins) {
  sync_.NickForConnect(kKey);
  Registered("alice[m]");
  sync_.NickRequested(kKey, "Rabbit");
  sync_.OnNickChanged(kKey, "rabbit");  // the server's spelling may differ in case
  EXPECT_EQ(records_.ChosenNick("libera", kAlice)->value_or(""), "rabbit");
  Registered("rabbit");
  sync_.OnMemberEvent("libera", kAlice, NamedJoin("Alice Liddell"));
  EXPECT_EQ(records_.DisplayName(kAlice)->value_or(""), "Alice Liddell");
  EXPECT_TRUE(puppets_.lines.empty());
}

TEST_F(PuppetNickSyncTest, TakingTheTemplatesNickFollowsTheDisplayNameAgain) {
  ASSERT_TRUE(records_.SetDisplayName(kAlice, "Alice Liddell").ok());
  ASSERT_TRUE(records_.SetChosenNick("libera", kAlice, "rabbit").ok());
  sync_.NickForConnect(kKey);
  sync_.NickRequested(kKey, "alice_liddell[M]");
  sync_.OnNickChanged(kKey, "alice_liddell[M]");
  EXPECT_FALSE(records_.ChosenNick("libera", kAlice)->has_value());
  Registered("alice_liddell[M]");
  sync_.OnMemberEvent("libera", kAlice, NamedJoin("Queen Alice"));
  ASSERT_EQ(puppets_.lines.size(), 1u);
  EXPECT_EQ(puppets_.lines[0], "libera @alice:hs.test NICK Queen_Alice[m]");
}

TEST_F(PuppetNickSyncTest, OnlyAConfirmedRequestIsAChoice) {
  sync_.NickForConnect(kKey);
  sync_.NickRequested(kKey, "rabbit");
  sync_.OnNickChanged(kKey, "Guest42");  // forced by the server, not what was asked
  EXPECT_FALSE(records_.ChosenNick("libera", kAlice)->has_value());
  sync_.OnNickChanged(kKey, "Alice_Liddell[m]");  // the bridge's own rename
  EXPECT_FALSE(records_.ChosenNick("libera", kAlice)->has_value());
}

TEST_F(PuppetNickSyncTest, UnregisteredOrForeignConnectionsAreLeftAlone) {
  // No connection opened here (another worker's, or a bridge bot's): stored, no NICK.
  Registered("alice[m]");
  sync_.OnMemberEvent("libera", kAlice, NamedJoin("Alice Liddell"));
  EXPECT_EQ(records_.DisplayName(kAlice)->value_or(""), "Alice Liddell");
  EXPECT_TRUE(puppets_.lines.empty());
  // Opened but still registering: the end of registration settles it.
  sync_.NickForConnect(kKey);
  puppets_.statuses["libera @alice:hs.test"].registered = false;
  sync_.OnMemberEvent("libera", kAlice, NamedJoin("Queen Alice"));
  EXPECT_TRUE(puppets_.lines.empty());
}

TEST_F(PuppetNickSyncTest, EndOfRegistrationAppliesANameLearntWhileConnecting) {
  EXPECT_EQ(sync_.NickForConnect(kKey), "alice[m]");
  sync_.OnMemberEvent("libera", kAlice, NamedJoin("Alice Liddell"));  // not registered yet
  Registered("alice[m]");
  sync_.OnRegistrationDone(kKey);
  ASSERT_EQ(puppets_.lines.size(), 1u);
  EXPECT_EQ(puppets_.lines[0], "libera @alice:hs.test NICK Alice_Liddell[m]");
}

TEST_F(PuppetNickSyncTest, EndOfRegistrationShortensToTheServersNickLen) {
  ASSERT_TRUE(records_.SetDisplayName(kAlice, "Alice Liddell").ok());
  EXPECT_EQ(sync_.NickForConnect(kKey), "Alice_Liddell[m]");
  sync_.OnNickLen(kKey, 9);
  Registered("Alice_Lid");  // the server cut it
  sync_.OnRegistrationDone(kKey);
  ASSERT_EQ(puppets_.lines.size(), 1u);
  EXPECT_EQ(puppets_.lines[0], "libera @alice:hs.test NICK Alice_[m]");
}

TEST_F(PuppetNickSyncTest, EndOfRegistrationDoesNotAskAgainForATakenNick) {
  ASSERT_TRUE(records_.SetDisplayName(kAlice, "Alice Liddell").ok());
  sync_.NickForConnect(kKey);
  Registered("Alice_Liddell[m]_");  // taken: the session's fallback
  sync_.OnRegistrationDone(kKey);
  EXPECT_TRUE(puppets_.lines.empty());
}

TEST_F(PuppetNickSyncTest, ReconnectAfterARenameAsksForTheNewNickAgain) {
  sync_.NickForConnect(kKey);  // "alice[m]": the settings a reconnect uses again
  Registered("alice[m]");
  sync_.OnMemberEvent("libera", kAlice, NamedJoin("Alice Liddell"));
  ASSERT_EQ(puppets_.lines.size(), 1u);
  Registered("alice[m]");  // reconnected with the nick it was opened with
  sync_.OnRegistrationDone(kKey);
  ASSERT_EQ(puppets_.lines.size(), 2u);
  EXPECT_EQ(puppets_.lines[1], "libera @alice:hs.test NICK Alice_Liddell[m]");
}

TEST_F(PuppetNickSyncTest, IgnoresOtherEventsAndMalformedContent) {
  sync_.NickForConnect(kKey);
  Registered("alice[m]");
  v1::MatrixEvent other = Join("@bob:hs.test", {{"displayname", "Bob"}});
  sync_.OnMemberEvent("libera", kAlice, other);
  v1::MatrixEvent broken = NamedJoin("x");
  broken.set_content_json("{not json");
  sync_.OnMemberEvent("libera", kAlice, broken);
  sync_.OnMemberEvent("libera", kAlice, Join(kAlice, {{"displayname", 42}}));
  sync_.OnMemberEvent("libera", kAlice, Join(kAlice, {{"displayname", nullptr}}));
  EXPECT_FALSE(records_.DisplayName(kAlice)->has_value());
  EXPECT_FALSE(records_.DisplayName("@bob:hs.test")->has_value());
  EXPECT_TRUE(puppets_.lines.empty());
}

TEST_F(PuppetNickSyncTest, NickOfPrefersTheLiveNick) {
  ASSERT_TRUE(records_.SetDisplayName(kAlice, "Alice Liddell").ok());
  EXPECT_EQ(sync_.NickOf("libera", kAlice), "Alice_Liddell[m]");
  Registered("Alice_Liddell[m]_");
  EXPECT_EQ(sync_.NickOf("libera", kAlice), "Alice_Liddell[m]_");
}

TEST_F(PuppetNickSyncTest, AFailedSendIsNotFatal) {
  sync_.NickForConnect(kKey);
  Registered("alice[m]");
  puppets_.send_result = absl::NotFoundError("gone");
  sync_.OnMemberEvent("libera", kAlice, NamedJoin("Alice Liddell"));
  EXPECT_TRUE(puppets_.lines.empty());
  EXPECT_EQ(records_.DisplayName(kAlice)->value_or(""), "Alice Liddell");
}

}  // namespace
}  // namespace mxedge::irc_worker
