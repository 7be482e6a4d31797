#include "pm_from_matrix.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fake_ghost_profiles.hpp"
#include "fake_matrix_rooms.hpp"
#include "in_memory_pm_rooms.hpp"

namespace mxedge::irc_worker {
namespace {

constexpr std::string_view kAlice = "@alice:example.org";
constexpr std::string_view kBobGhost = "@irc_local_bob:example.org";

std::map<std::string, bridge::GhostNamer, std::less<>> Namers() {
  std::map<std::string, bridge::GhostNamer, std::less<>> namers;
  namers.emplace("local", bridge::GhostNamer::Create("irc_$NETWORK_$NICK", "example.org").value());
  return namers;
}

v1::MatrixEvent Member(std::string room, std::string sender, std::string state_key,
                       std::string membership, std::string id = "$m") {
  v1::MatrixEvent event;
  event.set_event_id(std::move(id));
  event.set_room_id(std::move(room));
  event.set_sender(std::move(sender));
  event.set_type("m.room.member");
  event.set_state_key(std::move(state_key));
  event.set_content_json(nlohmann::json{{"membership", membership}}.dump());
  return event;
}

v1::MatrixEvent Message(std::string room, std::string sender, std::string body) {
  v1::MatrixEvent event;
  event.set_event_id("$msg");
  event.set_room_id(std::move(room));
  event.set_sender(std::move(sender));
  event.set_type("m.room.message");
  event.set_content_json(nlohmann::json{{"msgtype", "m.text"}, {"body", body}}.dump());
  return event;
}

class PmFromMatrixTest : public ::testing::Test {
 protected:
  PmFromMatrixTest() : pm_(pms_, matrix_, profiles_, Namers()) {}

  v1::DeliveryOutcome Outcome(std::string_view mxid, const v1::MatrixEvent& event) {
    std::optional<v1::EventOutcome> outcome = pm_.Handle("local", mxid, event);
    EXPECT_TRUE(outcome.has_value());
    return outcome.has_value() ? outcome->outcome() : v1::DELIVERY_OUTCOME_UNSPECIFIED;
  }

  void MapBob() {
    ASSERT_EQ(
        Outcome(kAlice, Member("!dm:hs", std::string(kAlice), std::string(kBobGhost), "invite")),
        v1::DELIVERY_OUTCOME_DONE);
  }

  InMemoryPmRooms pms_;
  FakeMatrixRooms matrix_;
  FakeGhostProfiles profiles_;
  PmFromMatrix pm_;
};

TEST_F(PmFromMatrixTest, RecognisesGhostInvitesOfItsNetworkOnly) {
  const v1::MatrixEvent invite =
      Member("!dm:hs", std::string(kAlice), std::string(kBobGhost), "invite");
  EXPECT_TRUE(pm_.IsGhostInvite("local", invite));
  EXPECT_TRUE(pm_.Concerns("local", std::nullopt, invite));
  EXPECT_FALSE(pm_.IsGhostInvite("other", invite));
  EXPECT_FALSE(pm_.IsGhostInvite(
      "local", Member("!dm:hs", std::string(kAlice), "@irc_other_bob:example.org", "invite")));
  EXPECT_FALSE(pm_.IsGhostInvite(
      "local", Member("!dm:hs", std::string(kAlice), "@carol:example.org", "invite")));
  EXPECT_FALSE(pm_.IsGhostInvite(
      "local", Member("!dm:hs", std::string(kAlice), std::string(kBobGhost), "join")));
  // A ghost inviting a ghost is the bridge's own doing (a nick change), not a user's.
  EXPECT_FALSE(pm_.IsGhostInvite(
      "local", Member("!dm:hs", "@irc_local_dave:example.org", std::string(kBobGhost), "invite")));
  // In a room the bridge knows as a portal, an invite is not a new private chat.
  const BridgedRoom portal{.room_id = "!dm:hs", .network = "local", .kind = RoomKind::kPortal};
  EXPECT_FALSE(pm_.Concerns("local", portal, invite));
  const BridgedRoom pm_room{.room_id = "!dm:hs", .network = "local", .kind = RoomKind::kPm};
  EXPECT_TRUE(pm_.Concerns("local", pm_room, Message("!dm:hs", "@x:example.org", "hi")));
}

TEST_F(PmFromMatrixTest, AnInviteMakesTheGhostJoinAndMapsTheRoom) {
  MapBob();
  ASSERT_EQ(matrix_.joins.size(), 1u);
  EXPECT_EQ(matrix_.joins[0].as_user, kBobGhost);
  EXPECT_EQ(matrix_.joins[0].room_id, "!dm:hs");
  EXPECT_EQ(profiles_.display_names[std::string(kBobGhost)], "bob");
  EXPECT_EQ(
      pms_.Find("!dm:hs").value(),
      std::optional<PmRoom>(PmRoom{
          .room_id = "!dm:hs", .network = "local", .owner = std::string(kAlice), .nick = "bob"}));
}

TEST_F(PmFromMatrixTest, ANewerInviteReplacesTheOlderRoom) {
  MapBob();
  ASSERT_EQ(
      Outcome(kAlice, Member("!dm2:hs", std::string(kAlice), std::string(kBobGhost), "invite")),
      v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(pms_.RoomOf("local", kAlice, "bob").value(), std::optional<std::string>("!dm2:hs"));
  EXPECT_EQ(pms_.Find("!dm:hs").value(), std::nullopt);
  ASSERT_EQ(matrix_.leaves.size(), 1u);
  EXPECT_EQ(matrix_.leaves[0].room_id, "!dm:hs");
}

TEST_F(PmFromMatrixTest, AnEncryptedInviteIsAnsweredAndLeft) {
  v1::MatrixEvent invite = Member("!enc:hs", std::string(kAlice), std::string(kBobGhost), "invite");
  invite.set_unsigned_json(
      R"({"invite_room_state":[{"type":"m.room.encryption","state_key":"","content":{}}]})");
  EXPECT_EQ(Outcome(kAlice, invite), v1::DELIVERY_OUTCOME_DONE);
  ASSERT_EQ(matrix_.notices.size(), 1u);
  EXPECT_EQ(matrix_.notices[0].as_user, kBobGhost);
  EXPECT_NE(matrix_.notices[0].body.find("encrypted"), std::string::npos);
  ASSERT_EQ(matrix_.leaves.size(), 1u);
  EXPECT_EQ(pms_.Find("!enc:hs").value(), std::nullopt);
}

TEST_F(PmFromMatrixTest, TheOwnersMessagesAreLeftToMatrixToIrc) {
  MapBob();
  EXPECT_FALSE(
      pm_.Handle("local", kAlice, Message("!dm:hs", std::string(kAlice), "hi bob")).has_value());
}

TEST_F(PmFromMatrixTest, OthersAreToldOnceThatTheyAreNotBridged) {
  MapBob();
  const v1::MatrixEvent from_carol = Message("!dm:hs", "@carol:example.org", "hello?");
  EXPECT_EQ(Outcome("@carol:example.org", from_carol), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(Outcome("@carol:example.org", from_carol), v1::DELIVERY_OUTCOME_DONE);
  ASSERT_EQ(matrix_.notices.size(), 1u);
  EXPECT_EQ(matrix_.notices[0].as_user, kBobGhost);
  EXPECT_NE(matrix_.notices[0].body.find("not sent to IRC"), std::string::npos);
  // The ghost's own messages are not answered.
  EXPECT_EQ(Outcome(kBobGhost, Message("!dm:hs", std::string(kBobGhost), "hey")),
            v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(matrix_.notices.size(), 1u);
}

TEST_F(PmFromMatrixTest, TheOwnerLeavingRemovesTheMappingAndTheGhostLeaves) {
  MapBob();
  EXPECT_EQ(Outcome(kAlice, Member("!dm:hs", std::string(kAlice), std::string(kAlice), "leave")),
            v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(pms_.Find("!dm:hs").value(), std::nullopt);
  EXPECT_EQ(pms_.RoomOf("local", kAlice, "bob").value(), std::nullopt);
  ASSERT_EQ(matrix_.leaves.size(), 1u);
  EXPECT_EQ(matrix_.leaves[0].as_user, kBobGhost);
}

TEST_F(PmFromMatrixTest, KickingTheGhostRemovesTheMapping) {
  MapBob();
  EXPECT_EQ(Outcome(kAlice, Member("!dm:hs", std::string(kAlice), std::string(kBobGhost), "leave")),
            v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(pms_.Find("!dm:hs").value(), std::nullopt);
  EXPECT_TRUE(matrix_.leaves.empty());
}

TEST_F(PmFromMatrixTest, OtherMembershipChangesKeepTheMapping) {
  MapBob();
  EXPECT_EQ(Outcome(kAlice, Member("!dm:hs", std::string(kAlice), "@carol:example.org", "leave")),
            v1::DELIVERY_OUTCOME_DONE);
  // An old ghost leaving after a nick change does not end the chat with the new nick.
  EXPECT_EQ(
      Outcome("@irc_local_robert:example.org", Member("!dm:hs", "@irc_local_robert:example.org",
                                                      "@irc_local_robert:example.org", "leave")),
      v1::DELIVERY_OUTCOME_DONE);
  EXPECT_TRUE(pms_.Find("!dm:hs").value().has_value());
}

TEST_F(PmFromMatrixTest, AJoinFailureIsRetried) {
  class RefusingRooms final : public MatrixRooms {
   public:
    absl::StatusOr<std::string> CreateRoom(const RoomCreation&) override {
      return absl::UnavailableError("down");
    }
    absl::StatusOr<std::string> ResolveAlias(std::string_view) override {
      return absl::UnavailableError("down");
    }
    absl::Status SendNotice(std::string_view, std::string_view, std::string_view,
                            std::string_view) override {
      return absl::UnavailableError("down");
    }
    absl::Status Join(std::string_view, std::string_view) override {
      return absl::UnavailableError("join: M_LIMIT_EXCEEDED (HTTP 429)");
    }
    absl::Status Leave(std::string_view, std::string_view) override {
      return absl::UnavailableError("down");
    }
    absl::Status Invite(std::string_view, std::string_view, std::string_view) override {
      return absl::UnavailableError("down");
    }
  };
  RefusingRooms refusing;
  PmFromMatrix pm(pms_, refusing, profiles_, Namers());
  std::optional<v1::EventOutcome> outcome = pm.Handle(
      "local", kAlice, Member("!dm:hs", std::string(kAlice), std::string(kBobGhost), "invite"));
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->outcome(), v1::DELIVERY_OUTCOME_RETRY_LATER);
  EXPECT_EQ(pms_.Find("!dm:hs").value(), std::nullopt);
}

}  // namespace
}  // namespace mxedge::irc_worker
