// The admin room through the whole suite: a user's DM with the bridge bot stores a username and
// an encrypted password that the next connection uses (!reconnect), a !nick refused by the server
// is answered clearly, and a portal's room upgrade (m.room.tombstone) moves the channel's mapping
// to the replacement room.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "mxedge/redis/commands.hpp"
#include "scenario_test.hpp"

namespace mxedge::irc_bridge_e2e {
namespace {

using nlohmann::json;

// 32 bytes of base64: the key sealing stored passwords.
constexpr char kEncryptionKey[] = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

class AdminE2eTest : public ScenarioTest {
 protected:
  void SetUp() override {
    BridgeStackOptions options;
    options.worker_env = {absl::StrCat("MXEDGE_REDIS_ENCRYPTION_KEY=", kEncryptionKey)};
    StartStack(std::move(options));
  }

  // Alice invites the bot into a new direct chat; returns the room once the bot welcomed her.
  std::string OpenAdminRoom() {
    const std::string dm = stack_->homeserver().CreateRoom(kAlice);
    stack_->Push({{"sender", kAlice},
                  {"room_id", dm},
                  {"type", "m.room.member"},
                  {"state_key", kBot},
                  {"content", {{"membership", "invite"}, {"is_direct", true}}}});
    EXPECT_TRUE(AwaitNotice("This is your admin room")) << stack_->Logs();
    return dm;
  }

  void Command(const std::string& dm, const std::string& body) { SayIn(dm, kAlice, body); }

  std::string Notices() const {
    std::string out;
    for (const GhostSend& send : stack_->GhostSends()) {
      if (send.user_id == kBot) {
        absl::StrAppend(&out, send.content.dump(), "\n");
      }
    }
    return absl::StrCat(out, stack_->Logs());
  }
};

// ngIRCd without a server password refuses any PASS: the stored username is checked through a
// reconnection, the password sealed at rest and its refusal told once, not retried
// (StoredLoginTest covers how SASL and PASS are filled in).
TEST_F(AdminE2eTest, StoredUsernameIsUsedFromTheNextConnectionAndThePasswordIsSealed) {
  AliceJoins();
  const std::string dm = OpenAdminRoom();
  Command(dm, "!username alice1");
  ASSERT_TRUE(AwaitNotice("is now alice1")) << Notices();

  // The connection in place keeps its login; the next one presents the stored username.
  Command(dm, "!reconnect");
  ASSERT_TRUE(AwaitNotice("Reconnecting to libera")) << Notices();
  const std::string whois =
      AwaitLine([](std::string_view line) { return Has(line, " 311 ") && Has(line, "alice1"); },
                absl::StrCat("WHOIS ", kAliceNick));
  EXPECT_FALSE(whois.empty()) << Notices();

  Command(dm, "!storepass hunter2");
  ASSERT_TRUE(AwaitNotice("please delete (redact) the message with your password")) << Notices();
  // Sealed at rest under the configured key, and never logged.
  absl::StatusOr<std::optional<std::string>> sealed =
      redis::HGet(stack_->redis(), "mxedge:irc:login:libera:@alice:localhost", "password");
  ASSERT_TRUE(sealed.ok() && sealed->has_value()) << sealed.status();
  EXPECT_FALSE(absl::StrContains(**sealed, "hunter2"));
  EXPECT_FALSE(absl::StrContains(stack_->Logs(), "hunter2"));

  // ngIRCd refuses the PASS: the user is told, and the bridge does not retry in a loop.
  Command(dm, "!reconnect");
  EXPECT_TRUE(AwaitNotice("Not reconnecting; send !reconnect.")) << Notices();

  Command(dm, "!removepass");
  EXPECT_TRUE(AwaitNotice("Your stored password for libera is deleted")) << Notices();
}

TEST_F(AdminE2eTest, ATakenNickIsAnsweredClearly) {
  AliceJoins();
  const std::string dm = OpenAdminRoom();
  Command(dm, "!nick watcher");
  EXPECT_TRUE(AwaitNotice("Asked libera for the nick watcher")) << Notices();
  EXPECT_TRUE(AwaitNotice("The nick watcher is taken; your nick is unchanged.")) << Notices();
}

TEST_F(AdminE2eTest, ATombstoneMovesThePortalToTheReplacementRoom) {
  absl::StatusOr<http::Response> alias =
      stack_->homeserver().QueryAlias("#irc_libera_#python:localhost");
  ASSERT_TRUE(alias.ok()) << alias.status();
  ASSERT_EQ(alias->status, 200) << alias->body << stack_->Logs();
  const std::string index = "mxedge:irc:portal:libera:#python";
  absl::StatusOr<std::optional<std::string>> portal = redis::Get(stack_->redis(), index);
  ASSERT_TRUE(portal.ok() && portal->has_value()) << stack_->Logs();
  const std::string old_room = **portal;

  const std::string replacement = stack_->homeserver().CreateRoom(kAlice);
  stack_->Push(
      {{"sender", kAlice},
       {"room_id", old_room},
       {"type", "m.room.tombstone"},
       {"state_key", ""},
       {"content", {{"body", "This room was upgraded"}, {"replacement_room", replacement}}}});

  std::optional<std::string> now;
  Eventually([&] {
    absl::StatusOr<std::optional<std::string>> current = redis::Get(stack_->redis(), index);
    if (current.ok() && *current == replacement &&
        !stack_->homeserver()
             .RequestsTo("PUT", absl::StrCat("/rooms/", replacement, "/state/uk.half-shot.bridge"))
             .empty()) {
      now = *current;
      return true;
    }
    return false;
  });
  ASSERT_EQ(now, std::optional<std::string>(replacement)) << stack_->Logs();
  EXPECT_TRUE(stack_->homeserver().JoinedMembers(replacement).contains(kBot));
  absl::StatusOr<std::map<std::string, std::string>> moved =
      redis::HGetAll(stack_->redis(), absl::StrCat("mxedge:irc:room:", replacement));
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ((*moved)["network"], "libera");
  EXPECT_EQ((*moved)["kind"], "portal");
  EXPECT_EQ((*moved)["channel"], "#python");
  absl::StatusOr<bool> old_exists =
      redis::Exists(stack_->redis(), absl::StrCat("mxedge:irc:room:", old_room));
  ASSERT_TRUE(old_exists.ok());
  EXPECT_FALSE(*old_exists);
}

}  // namespace
}  // namespace mxedge::irc_bridge_e2e
