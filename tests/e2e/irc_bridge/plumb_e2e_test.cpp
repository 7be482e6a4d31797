// Plumbing through the whole suite: alice invites the bridge bot into a room of her own (not a
// direct chat), the bot joins and explains; bob, without power, is refused `!plumb`; alice, a
// moderator by the room's m.room.power_levels, plumbs #plumbed: the bridge info is set, her
// puppet joins the channel, IRC lines reach the room and her messages reach IRC, and the
// channel's portal alias answers no room. `!unlink` removes the mapping, the puppet parts, the
// bot leaves and the room is no longer bridged.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "mxedge/redis/commands.hpp"
#include "scenario_test.hpp"

namespace mxedge::irc_bridge_e2e {
namespace {

using nlohmann::json;

constexpr char kBob[] = "@bob:localhost";
constexpr char kPlumbed[] = "#plumbed";
constexpr char kWatcherGhost[] = "@irc_libera_watcher:localhost";

class PlumbE2eTest : public ScenarioTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StartStack());
    ASSERT_TRUE(watcher_->Send(absl::StrCat("JOIN ", kPlumbed)).ok());
    ASSERT_TRUE(watcher_->ReadUntilCommand("366", std::chrono::seconds(10)).ok());
    room_ = stack_->homeserver().CreateRoom(kAlice);
    stack_->homeserver().SetState(room_, "m.room.power_levels", "",
                                  {{"users", {{kAlice, 100}}}, {"state_default", 50}});
  }

  void Say(const std::string& sender, const std::string& body) { SayIn(room_, sender, body); }

  std::string RoomKind() {
    absl::StatusOr<std::optional<std::string>> kind =
        redis::HGet(stack_->redis(), absl::StrCat("mxedge:irc:room:", room_), "kind");
    return kind.ok() && kind->has_value() ? **kind : std::string();
  }

  // Whether the NAMES of #plumbed list `nick` (or, with `present` false, do not) before the
  // deadline.
  bool InPlumbedChannel(std::string_view nick, bool present = true) {
    return !AwaitLine(
                [&](std::string_view line) {
                  const size_t trailing = line.find(" :", 1);
                  if (!Has(line, " 353 ") || !Has(line, kPlumbed) ||
                      trailing == std::string_view::npos) {
                    return false;
                  }
                  bool listed = false;
                  std::string_view names = line.substr(trailing + 2);
                  while (!names.empty()) {
                    const size_t end = std::min(names.size(), names.find(' '));
                    std::string_view name = names.substr(0, end);
                    name.remove_prefix(std::min(name.size(), name.find_first_not_of("@+")));
                    listed = listed || name == nick;
                    names.remove_prefix(std::min(names.size(), end + 1));
                  }
                  return listed == present;
                },
                absl::StrCat("NAMES ", kPlumbed))
                .empty();
  }
  bool NotInPlumbedChannel(std::string_view nick) { return InPlumbedChannel(nick, false); }

  std::string room_;
};

TEST_F(PlumbE2eTest, AModeratorBridgesAnExistingRoomAndUnlinksIt) {
  stack_->Push({{"sender", kAlice},
                {"room_id", room_},
                {"type", "m.room.member"},
                {"state_key", kBot},
                {"content", {{"membership", "invite"}}}});
  ASSERT_TRUE(AwaitNotice("!plumb #channel")) << Sent();
  EXPECT_TRUE(stack_->homeserver().JoinedMembers(room_).contains(kBot));
  EXPECT_EQ(RoomKind(), "invited");

  Say(kBob, "!plumb #plumbed");
  ASSERT_TRUE(AwaitNotice("Only this room's moderators can bridge it")) << Sent();
  EXPECT_EQ(RoomKind(), "invited");

  Say(kAlice, "!plumb #plumbed");
  ASSERT_TRUE(AwaitNotice("now bridged to #plumbed on libera")) << Sent();
  EXPECT_EQ(RoomKind(), "portal");
  EXPECT_EQ(redis::Get(stack_->redis(), "mxedge:irc:portal:libera:#plumbed").value(),
            std::optional<std::string>(room_));
  EXPECT_TRUE(stack_->homeserver()
                  .StateContent(room_, "m.bridge", "mxedge://irc/libera/%23plumbed")
                  .has_value());
  // (Her JOIN went out before the answer, while the waits above read the watcher's lines.)
  ASSERT_TRUE(InPlumbedChannel(kAliceNick)) << Sent();

  // IRC → the plumbed room.
  ASSERT_TRUE(watcher_->Send(absl::StrCat("PRIVMSG ", kPlumbed, " :hello from irc")).ok());
  EXPECT_TRUE(AwaitGhostSend([](const GhostSend& send) {
                return send.user_id == kWatcherGhost &&
                       send.content.value("body", "") == "hello from irc";
              }).has_value())
      << Sent();
  // The plumbed room → IRC.
  Say(kAlice, "hello from matrix");
  EXPECT_FALSE(AwaitLineFromAlice([](std::string_view line) {
                 return Has(line, absl::StrCat("PRIVMSG ", kPlumbed, " :hello from matrix"));
               }).empty())
      << Sent();

  // The channel's portal alias does not make a second room.
  absl::StatusOr<http::Response> alias =
      stack_->homeserver().QueryAlias("#irc_libera_#plumbed:localhost");
  ASSERT_TRUE(alias.ok()) << alias.status();
  EXPECT_EQ(alias->status, 404) << alias->body;
  EXPECT_EQ(redis::Get(stack_->redis(), "mxedge:irc:portal:libera:#plumbed").value(),
            std::optional<std::string>(room_));

  Say(kBob, "!unlink");
  ASSERT_TRUE(AwaitNotice("Only this room's moderators can unlink it")) << Sent();
  Say(kAlice, "!unlink");
  ASSERT_TRUE(AwaitNotice("no longer bridged to #plumbed")) << Sent();
  EXPECT_TRUE(NotInPlumbedChannel(kAliceNick)) << Sent();
  EXPECT_TRUE(Eventually([&] { return !stack_->homeserver().JoinedMembers(room_).contains(kBot); }))
      << Sent();
  EXPECT_EQ(RoomKind(), "");
  EXPECT_EQ(redis::Get(stack_->redis(), "mxedge:irc:portal:libera:#plumbed").value(), std::nullopt);

  // No more bridging: alice's next message in the room does not reach IRC, while one in the
  // statically mapped room after it does.
  AliceJoins();
  Say(kAlice, "after unlink");
  stack_->PushMessage(kAlice, {{"msgtype", "m.text"}, {"body", "marker"}});
  const std::string next = AwaitLineFromAlice([](std::string_view line) {
    return Has(line, "PRIVMSG ") && (Has(line, "after unlink") || Has(line, "marker"));
  });
  EXPECT_TRUE(Has(next, "marker")) << next << Sent();
}

// Chat in a room waiting for !plumb is not bridged and gives nobody an IRC connection; kicking the
// bot from a plumbed room unlinks it.
TEST_F(PlumbE2eTest, ChatBeforePlumbingStaysInMatrixAndKickingTheBotUnlinks) {
  constexpr char kCarol[] = "@carol:localhost";
  stack_->Push({{"sender", kAlice},
                {"room_id", room_},
                {"type", "m.room.member"},
                {"state_key", kBot},
                {"content", {{"membership", "invite"}}}});
  ASSERT_TRUE(AwaitNotice("!plumb #channel")) << Sent();
  Say(kCarol, "chat before plumbing");
  Say(kAlice, "!plumb #plumbed");
  ASSERT_TRUE(AwaitNotice("now bridged to #plumbed on libera")) << Sent();
  // The room's events are delivered in order: carol's came first and selected no sink.
  EXPECT_FALSE(redis::SIsMember(stack_->redis(), "mxedge:irc:want:libera", kCarol).value_or(true));
  EXPECT_FALSE(
      redis::Exists(stack_->redis(), "mxedge:irc:conn:libera:@carol:localhost").value_or(true));

  stack_->Push({{"sender", kAlice},
                {"room_id", room_},
                {"type", "m.room.member"},
                {"state_key", kBot},
                {"content", {{"membership", "leave"}}}});
  EXPECT_TRUE(Eventually([&] { return RoomKind().empty(); })) << Sent();
  EXPECT_EQ(redis::Get(stack_->redis(), "mxedge:irc:portal:libera:#plumbed").value(), std::nullopt);
  EXPECT_TRUE(NotInPlumbedChannel(kAliceNick)) << Sent();
}

// With two workers, a member whose connection the other worker holds joins the plumbed channel
// through that worker (IrcControl.SendRaw), and parts it on !unlink.
class PlumbTwoWorkersE2eTest : public PlumbE2eTest {
 protected:
  void SetUp() override {
    BridgeStackOptions options;
    options.workers = 2;
    ASSERT_NO_FATAL_FAILURE(StartStack(std::move(options)));
    ASSERT_TRUE(watcher_->Send(absl::StrCat("JOIN ", kPlumbed)).ok());
    ASSERT_TRUE(watcher_->ReadUntilCommand("366", std::chrono::seconds(10)).ok());
    // Dave's room; alice moderates it.
    room_ = stack_->homeserver().CreateRoom(kDave);
    stack_->homeserver().SetState(room_, "m.room.power_levels", "",
                                  {{"users", {{kAlice, 100}}}, {"state_default", 50}});
  }

  std::string OwnerOf(const std::string& mxid) {
    absl::StatusOr<std::optional<std::string>> conn =
        redis::Get(stack_->redis(), absl::StrCat("mxedge:irc:conn:libera:", mxid));
    return conn.ok() && conn->has_value() ? (*conn)->substr(0, (*conn)->rfind(':')) : "";
  }

  static constexpr char kDave[] = "@dave:localhost";
  static constexpr char kDaveNick[] = "dave[m]";
};

TEST_F(PlumbTwoWorkersE2eTest, AMemberOnTheOtherWorkerJoinsThroughIt) {
  // Both connect first, each on the worker the router picks for them.
  stack_->PushJoin(kDave);
  AliceJoins();
  ASSERT_TRUE(Eventually([&] { return !OwnerOf(kDave).empty() && !OwnerOf(kAlice).empty(); }))
      << Sent();
  ASSERT_NE(OwnerOf(kDave), OwnerOf(kAlice)) << "the names must land on different workers";

  stack_->Push({{"sender", kAlice},
                {"room_id", room_},
                {"type", "m.room.member"},
                {"state_key", kBot},
                {"content", {{"membership", "invite"}}}});
  ASSERT_TRUE(AwaitNotice("!plumb #channel")) << Sent();
  Say(kAlice, "!plumb #plumbed");
  ASSERT_TRUE(AwaitNotice("now bridged to #plumbed on libera")) << Sent();
  EXPECT_TRUE(InPlumbedChannel(kDaveNick)) << Sent();
  Say(kAlice, "!unlink");
  ASSERT_TRUE(AwaitNotice("no longer bridged to #plumbed")) << Sent();
  EXPECT_TRUE(NotInPlumbedChannel(kDaveNick)) << Sent();
}

}  // namespace
}  // namespace mxedge::irc_bridge_e2e
