// Private messages through the whole suite: an IRC user's PM to a puppet opens a private room as
// the IRC user's ghost (the Matrix user invited) and lands there; a Matrix user inviting a ghost
// makes a private chat whose messages reach the IRC user as PRIVMSGs from the puppet; leaving the
// room removes the mapping and the ghost leaves.
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

constexpr char kGhost[] = "@irc_libera_pmuser:localhost";

class PmE2eTest : public ScenarioTest {
 protected:
  // The IRC user "pmuser" is the watcher.
  void SetUp() override { StartStack({}, "pmuser"); }

  // Whether a line of the IRC user satisfies `want` before the deadline.
  bool SawLine(const std::function<bool(const std::string&)>& want) {
    return !AwaitLine([&](std::string_view line) { return want(std::string(line)); }).empty();
  }

  // Whether a line ending in " :<text>" reaches the IRC user within `window`.
  bool AwaitLineWithin(std::chrono::milliseconds window, const std::string& text) {
    const auto deadline = std::chrono::steady_clock::now() + window;
    while (std::chrono::steady_clock::now() < deadline) {
      absl::StatusOr<std::string> line = watcher_->ReadLine(std::chrono::milliseconds(200));
      if (line.ok() && absl::EndsWith(*line, absl::StrCat(" :", text))) {
        return true;
      }
    }
    return false;
  }

  std::optional<std::string> PmRoomOfAlice() {
    absl::StatusOr<std::optional<std::string>> room = redis::Get(
        stack_->redis(), absl::StrCat("mxedge:irc:pm:", kNetwork, ":", kAlice, ":pmuser"));
    return room.ok() ? *room : std::nullopt;
  }

  std::map<std::string, std::string> RoomHash(const std::string& room_id) {
    absl::StatusOr<std::map<std::string, std::string>> fields =
        redis::HGetAll(stack_->redis(), absl::StrCat("mxedge:irc:room:", room_id));
    return fields.ok() ? *fields : std::map<std::string, std::string>();
  }
};

TEST_F(PmE2eTest, AnIrcPrivateMessageOpensARoomAsTheGhost) {
  AliceJoins();
  ASSERT_TRUE(watcher_->Send(absl::StrCat("PRIVMSG ", kAliceNick, " :psst, alice")).ok());

  std::optional<GhostSend> sent;
  ASSERT_TRUE(Eventually([&] {
    for (const GhostSend& send : stack_->GhostSends()) {
      if (send.content.value("body", "") == "psst, alice") {
        sent = send;
        return true;
      }
    }
    return false;
  })) << stack_->Logs();
  EXPECT_EQ(sent->user_id, kGhost);
  EXPECT_EQ(sent->content.value("msgtype", ""), "m.text");

  // The room was created by the ghost as a direct chat inviting alice, and is mapped both ways.
  std::optional<std::string> room = PmRoomOfAlice();
  ASSERT_TRUE(room.has_value()) << stack_->Logs();
  bool created_as_ghost = false;
  for (const testing::RecordedRequest& request :
       stack_->homeserver().RequestsTo("POST", "/createRoom")) {
    auto user = request.query.find("user_id");
    json body = json::parse(request.body, nullptr, false);
    if (user != request.query.end() && user->second == kGhost && body.is_object()) {
      created_as_ghost = true;
      EXPECT_EQ(body.value("is_direct", false), true);
      EXPECT_EQ(body.value("preset", ""), "private_chat");
      EXPECT_EQ(body["invite"], json::array({kAlice}));
    }
  }
  EXPECT_TRUE(created_as_ghost);
  EXPECT_EQ(stack_->homeserver().DisplayName(kGhost), std::optional<std::string>("pmuser"));
  EXPECT_THAT(stack_->homeserver().JoinedMembers(*room), ::testing::Contains(kGhost));
  const std::map<std::string, std::string> hash = RoomHash(*room);
  EXPECT_EQ(hash.count("kind") ? hash.at("kind") : "", "pm");
  EXPECT_EQ(hash.count("network") ? hash.at("network") : "", kNetwork);
  EXPECT_EQ(hash.count("user") ? hash.at("user") : "", kAlice);
  EXPECT_EQ(hash.count("nick") ? hash.at("nick") : "", "pmuser");
  const std::vector<testing::RecordedRequest> sends =
      stack_->homeserver().RequestsTo("PUT", absl::StrCat("/rooms/", *room, "/send/"));
  EXPECT_FALSE(sends.empty());

  // A second line goes to the same room.
  ASSERT_TRUE(watcher_
                  ->Send(absl::StrCat("PRIVMSG ", kAliceNick,
                                      " :\x01"
                                      "ACTION waves\x01"))
                  .ok());
  ASSERT_TRUE(Eventually([&] {
    for (const GhostSend& send : stack_->GhostSends()) {
      if (send.content.value("msgtype", "") == "m.emote" &&
          send.content.value("body", "") == "waves") {
        return true;
      }
    }
    return false;
  })) << stack_->Logs();
  EXPECT_EQ(PmRoomOfAlice(), room);
  int created_by_ghost = 0;
  for (const testing::RecordedRequest& request :
       stack_->homeserver().RequestsTo("POST", "/createRoom")) {
    auto user = request.query.find("user_id");
    created_by_ghost += user != request.query.end() && user->second == kGhost ? 1 : 0;
  }
  EXPECT_EQ(created_by_ghost, 1);
}

TEST_F(PmE2eTest, InvitingAGhostMakesAPrivateChatUntilAliceLeaves) {
  const std::string room = stack_->homeserver().CreateRoom(kAlice);
  stack_->Push({{"room_id", room},
                {"sender", kAlice},
                {"type", "m.room.member"},
                {"state_key", kGhost},
                {"content", {{"membership", "invite"}, {"is_direct", true}}}});
  ASSERT_TRUE(Eventually([&] {
    return stack_->homeserver().JoinedMembers(room).contains(kGhost) &&
           PmRoomOfAlice() == std::optional<std::string>(room);
  })) << stack_->Logs();
  EXPECT_EQ(RoomHash(room)["kind"], "pm");

  // Alice's message there reaches the IRC user privately from her puppet (connected for it).
  stack_->Push({{"room_id", room},
                {"sender", kAlice},
                {"type", "m.room.message"},
                {"content", {{"msgtype", "m.text"}, {"body", "hi from matrix"}}}});
  ASSERT_TRUE(SawLine([](const std::string& line) {
    return absl::StartsWith(line, absl::StrCat(":", kAliceNick, "!")) &&
           absl::EndsWith(line, " PRIVMSG pmuser :hi from matrix");
  })) << stack_->Logs();

  // Someone else's message is not sent to IRC; they are told so once, by the ghost.
  stack_->Push({{"room_id", room},
                {"sender", "@carol:localhost"},
                {"type", "m.room.message"},
                {"content", {{"msgtype", "m.text"}, {"body", "me too"}}}});
  ASSERT_TRUE(Eventually([&] {
    for (const GhostSend& send : stack_->GhostSends()) {
      if (send.user_id == kGhost &&
          absl::StrContains(send.content.value("body", ""), "not sent to IRC")) {
        return true;
      }
    }
    return false;
  })) << stack_->Logs();
  EXPECT_FALSE(AwaitLineWithin(std::chrono::seconds(2), "me too"));

  // Alice leaves: the mapping is gone both ways and the ghost leaves too.
  stack_->Push({{"room_id", room},
                {"sender", kAlice},
                {"type", "m.room.member"},
                {"state_key", kAlice},
                {"content", {{"membership", "leave"}}}});
  ASSERT_TRUE(Eventually([&] {
    return !PmRoomOfAlice().has_value() && RoomHash(room).empty() &&
           !stack_->homeserver().JoinedMembers(room).contains(kGhost);
  })) << stack_->Logs();
}

}  // namespace
}  // namespace mxedge::irc_bridge_e2e
