// Puppet nicks from Matrix display names through the whole suite, with the worker's default
// template "$DISPLAY[m]": a join carrying "Alice Liddell" puts Alice_Liddell[m] in the channel
// (USER name still from the MXID), a display name change renames the puppet with NICK, a taken
// nick keeps the old one and says so in the admin room, and a nick chosen with !nick wins over
// later display names.
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "mxedge/redis/commands.hpp"
#include "scenario_test.hpp"

namespace mxedge::irc_bridge_e2e {
namespace {

constexpr char kDisplayKey[] = "mxedge:irc:display:@alice:localhost";
constexpr char kChosenKey[] = "mxedge:irc:chosen-nick:libera:@alice:localhost";

class DisplayNameE2eTest : public ScenarioTest {
 protected:
  void SetUp() override {
    BridgeStackOptions options;
    options.nick_template = "$DISPLAY[m]";
    StartStack(std::move(options));
  }

  // Alice's own join of the channel's room announcing `name`.
  void JoinAs(const std::string& name) {
    stack_->Push({{"sender", kAlice},
                  {"type", "m.room.member"},
                  {"state_key", kAlice},
                  {"content", {{"membership", "join"}, {"displayname", name}}}});
  }

  // Waits until `nick` is on the server (WHOIS answers 311); that 311 line, or "".
  std::string AwaitWhois(const std::string& nick) {
    return AwaitLine(
        [&](std::string_view line) { return Has(line, " 311 ") && Has(line, nick + " "); },
        absl::StrCat("WHOIS ", nick));
  }

  std::optional<std::string> Stored(const char* key) {
    absl::StatusOr<std::optional<std::string>> value = redis::Get(stack_->redis(), key);
    return value.ok() ? *value : std::nullopt;
  }

  // Alice invites the bot into a new direct chat; returns the room once the bot welcomed her.
  std::string OpenAdminRoom() {
    const std::string dm = stack_->homeserver().CreateRoom(kAlice);
    stack_->Push({{"sender", kAlice},
                  {"room_id", dm},
                  {"type", "m.room.member"},
                  {"state_key", kBot},
                  {"content", {{"membership", "invite"}, {"is_direct", true}}}});
    EXPECT_TRUE(AwaitNotice("This is your admin room")) << Sent();
    return dm;
  }
};

TEST_F(DisplayNameE2eTest, JoinNamesThePuppetAndARenameSendsNick) {
  JoinAs("Alice Liddell");
  // The puppet joins as Alice_Liddell[m] (or, when it connected before the join was read, is
  // renamed to it at the end of its registration).
  ASSERT_FALSE(AwaitLine([](std::string_view line) {
                 return (line.starts_with(":Alice_Liddell[m]!") && Has(line, " JOIN ")) ||
                        Has(line, " NICK :Alice_Liddell[m]");
               }).empty())
      << Sent();
  const std::string whois = AwaitWhois("Alice_Liddell[m]");
  ASSERT_FALSE(whois.empty()) << Sent();
  EXPECT_TRUE(Has(whois, "alicem")) << whois;  // the USER name stays with the MXID
  EXPECT_EQ(Stored(kDisplayKey).value_or(""), "Alice Liddell");

  JoinAs("Queen Alice");
  EXPECT_FALSE(AwaitLine([](std::string_view line) {
                 return line.starts_with(":Alice_Liddell[m]!") && Has(line, " NICK ") &&
                        Has(line, "Queen_Alice[m]");
               }).empty())
      << Sent();
  EXPECT_EQ(Stored(kDisplayKey).value_or(""), "Queen Alice");
}

TEST_F(DisplayNameE2eTest, ATakenNickKeepsTheOldOneAndAChosenNickWins) {
  JoinAs("Alice Liddell");
  ASSERT_FALSE(AwaitWhois("Alice_Liddell[m]").empty()) << Sent();
  const std::string dm = OpenAdminRoom();

  // Someone on IRC already has the nick the new display name gives.
  absl::StatusOr<testing::IrcTestClient> other =
      testing::IrcTestClient::Connect(stack_->ircd().port(), std::chrono::seconds(5));
  ASSERT_TRUE(other.ok()) << other.status();
  // (ngIRCd refuses brackets in the USER name the client registers with: the nick comes after.)
  absl::Status registered = other->Register("dodo", std::chrono::seconds(10));
  ASSERT_TRUE(registered.ok()) << registered;
  ASSERT_TRUE(other->Send("NICK Dodo[m]").ok());
  ASSERT_TRUE(other->ReadUntilCommand("NICK", std::chrono::seconds(10)).ok());
  JoinAs("Dodo");
  EXPECT_TRUE(AwaitNotice("The nick Dodo[m] is taken; your nick is unchanged.")) << Sent();
  EXPECT_FALSE(AwaitWhois("Alice_Liddell[m]").empty()) << Sent();

  // !nick: confirmed by the server, kept as the user's choice.
  stack_->Push({{"sender", kAlice},
                {"room_id", dm},
                {"type", "m.room.message"},
                {"content", {{"msgtype", "m.text"}, {"body", "!nick rabbit"}}}});
  ASSERT_FALSE(AwaitLine([](std::string_view line) {
                 return Has(line, " NICK ") && Has(line, "rabbit");
               }).empty())
      << Sent();
  ASSERT_TRUE(Eventually([&] { return Stored(kChosenKey).value_or("") == "rabbit"; })) << Sent();

  // A later display name is stored but leaves the chosen nick alone: the next line from the
  // puppet is alice's message, with no NICK before it.
  JoinAs("Queen Alice");
  ASSERT_TRUE(Eventually([&] { return Stored(kDisplayKey).value_or("") == "Queen Alice"; }))
      << Sent();
  stack_->PushMessage(kAlice, {{"msgtype", "m.text"}, {"body", "still rabbit"}});
  const std::string next = AwaitLine([](std::string_view line) {
    return line.starts_with(":rabbit!") || Has(line, "Queen_Alice[m]");
  });
  EXPECT_TRUE(next.starts_with(":rabbit!") && Has(next, "PRIVMSG") && Has(next, "still rabbit"))
      << next << "\n"
      << Sent();
}

}  // namespace
}  // namespace mxedge::irc_bridge_e2e
