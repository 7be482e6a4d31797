#include "room_upgrades.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fake_matrix_rooms.hpp"
#include "fake_room_state.hpp"
#include "in_memory_bridged_rooms.hpp"

namespace mxedge::irc_worker {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kBot[] = "@irc_libera:hs";

// PortalMover over BridgedRooms' own operations, for the in-memory store.
class StoreMover final : public PortalMover {
 public:
  explicit StoreMover(BridgedRooms& rooms) : rooms_(rooms) {}
  absl::StatusOr<std::optional<BridgedRoom>> MovePortal(std::string_view old_room,
                                                        std::string_view new_room) override {
    ++calls;
    absl::StatusOr<std::optional<BridgedRoom>> known = rooms_.Find(old_room);
    if (!known.ok() || !known->has_value() || (*known)->kind != RoomKind::kPortal) {
      return known.ok() ? std::optional<BridgedRoom>() : known;
    }
    BridgedRoom moved = **known;
    if (absl::StatusOr<bool> removed = rooms_.Remove(old_room); !removed.ok()) {
      return removed.status();
    }
    absl::StatusOr<std::string> added = rooms_.AddPortal(moved.network, moved.channel, new_room);
    if (!added.ok()) {
      return added.status();
    }
    moved.room_id = std::string(new_room);
    return moved;
  }
  int calls = 0;

 private:
  BridgedRooms& rooms_;
};

v1::MatrixEvent Tombstone(std::string room, nlohmann::json content) {
  v1::MatrixEvent event;
  event.set_event_id("$tomb");
  event.set_room_id(std::move(room));
  event.set_sender("@mod:hs");
  event.set_type("m.room.tombstone");
  event.set_state_key("");
  event.set_content_json(content.dump());
  return event;
}

class RoomUpgradesTest : public ::testing::Test {
 protected:
  RoomUpgradesTest()
      : mover_(rooms_),
        portals_(
            rooms_, matrix_,
            *bridge::PortalAliasNamer::Create(bridge::PortalAliasNamer::kDefaultTemplate, "hs"),
            Networks()),
        directory_(rooms_),
        upgrades_(rooms_, mover_, matrix_, state_, portals_, &directory_) {}

  static std::map<std::string, PortalNetwork, std::less<>> Networks() {
    PortalNetwork libera;
    libera.info = {.id = "libera", .displayname = "Libera", .domain = "irc.libera.chat"};
    libera.bot_user_id = kBot;
    libera.static_channels = *ChannelMapping::Parse({"#static=!static:hs"});
    std::map<std::string, PortalNetwork, std::less<>> out;
    out.emplace("libera", std::move(libera));
    return out;
  }

  v1::DeliveryOutcome Handle(const v1::MatrixEvent& event) {
    return upgrades_.Handle("libera", event).outcome();
  }

  InMemoryBridgedRooms rooms_;
  StoreMover mover_;
  FakeMatrixRooms matrix_;
  FakeRoomState state_;
  PortalCreator portals_;
  PortalDirectory directory_;
  RoomUpgrades upgrades_;
};

TEST_F(RoomUpgradesTest, OnlyRoomTombstonesAreTombstones) {
  EXPECT_TRUE(RoomUpgrades::IsTombstone(Tombstone("!old:hs", {{"replacement_room", "!n:hs"}})));
  v1::MatrixEvent keyed = Tombstone("!old:hs", {});
  keyed.set_state_key("x");
  EXPECT_FALSE(RoomUpgrades::IsTombstone(keyed));
  v1::MatrixEvent message = Tombstone("!old:hs", {});
  message.clear_state_key();
  EXPECT_FALSE(RoomUpgrades::IsTombstone(message));
}

TEST_F(RoomUpgradesTest, APortalMovesToTheReplacementRoom) {
  ASSERT_TRUE(rooms_.AddPortal("libera", "#python", "!old:hs").ok());
  ASSERT_EQ(directory_.PortalRoom("libera", "#python"), std::optional<std::string>("!old:hs"));
  EXPECT_EQ(Handle(Tombstone("!old:hs", {{"body", "upgraded"}, {"replacement_room", "!new:hs"}})),
            v1::DELIVERY_OUTCOME_DONE);
  ASSERT_EQ(matrix_.joins.size(), 1u);
  EXPECT_EQ(matrix_.joins[0].as_user, kBot);
  EXPECT_EQ(matrix_.joins[0].room_id, "!new:hs");
  EXPECT_EQ(rooms_.PortalOf("libera", "#python").value(), std::optional<std::string>("!new:hs"));
  EXPECT_FALSE(rooms_.Find("!old:hs").value().has_value());
  // The worker's cache follows at once.
  EXPECT_EQ(directory_.PortalRoom("libera", "#python"), std::optional<std::string>("!new:hs"));
  // Bridge info in the new room, both event types.
  ASSERT_EQ(state_.writes.size(), 2u);
  EXPECT_EQ(state_.writes[0].key.room_id, "!new:hs");
  EXPECT_EQ(state_.writes[0].key.type, "m.bridge");
  EXPECT_EQ(state_.writes[1].key.type, "uk.half-shot.bridge");
  EXPECT_EQ(state_.writes[0].as_user, kBot);
  EXPECT_THAT(state_.writes[0].content_json, HasSubstr("#python"));
}

TEST_F(RoomUpgradesTest, ARedeliveryAfterTheMoveOnlySetsTheBridgeInfoAgain) {
  ASSERT_TRUE(rooms_.AddPortal("libera", "#python", "!old:hs").ok());
  const v1::MatrixEvent tomb = Tombstone("!old:hs", {{"replacement_room", "!new:hs"}});
  ASSERT_EQ(Handle(tomb), v1::DELIVERY_OUTCOME_DONE);
  ASSERT_EQ(Handle(tomb), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(mover_.calls, 1);
  EXPECT_EQ(state_.writes.size(), 4u);
  EXPECT_EQ(rooms_.PortalOf("libera", "#python").value(), std::optional<std::string>("!new:hs"));
}

TEST_F(RoomUpgradesTest, WhenTheBotCannotJoinTheMappingStays) {
  ASSERT_TRUE(rooms_.AddPortal("libera", "#python", "!old:hs").ok());
  matrix_.fail_join = absl::FailedPreconditionError("join: M_FORBIDDEN (HTTP 403)");
  EXPECT_EQ(Handle(Tombstone("!old:hs", {{"replacement_room", "!new:hs"}})),
            v1::DELIVERY_OUTCOME_REJECTED);
  EXPECT_EQ(rooms_.PortalOf("libera", "#python").value(), std::optional<std::string>("!old:hs"));
  EXPECT_EQ(mover_.calls, 0);
}

TEST_F(RoomUpgradesTest, ATransientStateFailureIsRetried) {
  ASSERT_TRUE(rooms_.AddPortal("libera", "#python", "!old:hs").ok());
  state_.fail_next = absl::UnavailableError("router down");
  EXPECT_EQ(Handle(Tombstone("!old:hs", {{"replacement_room", "!new:hs"}})),
            v1::DELIVERY_OUTCOME_RETRY_LATER);
  // The retry finds the portal moved and sets the bridge info.
  EXPECT_EQ(Handle(Tombstone("!old:hs", {{"replacement_room", "!new:hs"}})),
            v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(state_.writes.size(), 2u);
}

TEST_F(RoomUpgradesTest, MalformedTombstonesAndOtherRoomsChangeNothing) {
  ASSERT_TRUE(rooms_.AddPortal("libera", "#python", "!old:hs").ok());
  EXPECT_EQ(Handle(Tombstone("!old:hs", {{"replacement_room", 42}})), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(Handle(Tombstone("!old:hs", {{"body", "no replacement"}})), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(Handle(Tombstone("!old:hs", {{"replacement_room", "!old:hs"}})),
            v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(Handle(Tombstone("!old:hs", {{"replacement_room", "not a room"}})),
            v1::DELIVERY_OUTCOME_DONE);
  v1::MatrixEvent garbage = Tombstone("!old:hs", {});
  garbage.set_content_json("{not json");
  EXPECT_EQ(Handle(garbage), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(Handle(Tombstone("!unbridged:hs", {{"replacement_room", "!new:hs"}})),
            v1::DELIVERY_OUTCOME_DONE);
  ASSERT_TRUE(rooms_.SetAdminRoom("libera", "@alice:hs", "!dm:hs").ok());
  EXPECT_EQ(Handle(Tombstone("!dm:hs", {{"replacement_room", "!new:hs"}})),
            v1::DELIVERY_OUTCOME_DONE);
  EXPECT_THAT(matrix_.joins, IsEmpty());
  EXPECT_EQ(rooms_.PortalOf("libera", "#python").value(), std::optional<std::string>("!old:hs"));
  EXPECT_EQ(
      upgrades_.Handle("oftc", Tombstone("!old:hs", {{"replacement_room", "!n:hs"}})).outcome(),
      v1::DELIVERY_OUTCOME_REJECTED);
}

TEST_F(RoomUpgradesTest, AStaticallyMappedRoomStaysAsConfigured) {
  EXPECT_EQ(Handle(Tombstone("!static:hs", {{"replacement_room", "!new:hs"}})),
            v1::DELIVERY_OUTCOME_DONE);
  EXPECT_THAT(matrix_.joins, IsEmpty());
  EXPECT_THAT(state_.writes, IsEmpty());
}

}  // namespace
}  // namespace mxedge::irc_worker
