#include "redis_portal_mover.hpp"

#include <gtest/gtest.h>

#include "redis_bridged_rooms.hpp"
#include "redis_test_env.hpp"

namespace mxedge::irc_worker {
namespace {

TEST(RedisPortalMoverTest, MovesTheIndexAndTheRoomRecordTogether) {
  RedisTestKeys env;
  RedisBridgedRooms rooms(env.client(), env.keys());
  RedisPortalMover mover(env.client(), env.keys());
  ASSERT_TRUE(rooms.AddPortal("libera", "#python", "!old:hs").ok());
  ASSERT_TRUE(
      redis::HSet(env.client(), env.keys().prefix() + "irc:room:!old:hs", "plumbed", "1").ok());

  absl::StatusOr<std::optional<BridgedRoom>> moved = mover.MovePortal("!old:hs", "!new:hs");
  ASSERT_TRUE(moved.ok()) << moved.status();
  ASSERT_TRUE(moved->has_value());
  EXPECT_EQ(**moved, (BridgedRoom{.room_id = "!new:hs",
                                  .network = "libera",
                                  .kind = RoomKind::kPortal,
                                  .channel = "#python",
                                  .plumbed = true}));
  EXPECT_EQ(rooms.PortalOf("libera", "#python").value(), std::optional<std::string>("!new:hs"));
  EXPECT_EQ(rooms.Find("!new:hs").value(), *moved);
  EXPECT_FALSE(rooms.Find("!old:hs").value().has_value());
  // Every field moves (a plumbed room stays plumbed).
  EXPECT_EQ(redis::HGet(env.client(), env.keys().prefix() + "irc:room:!new:hs", "plumbed").value(),
            std::optional<std::string>("1"));
  // Moving again finds nothing to move.
  EXPECT_FALSE(mover.MovePortal("!old:hs", "!new:hs").value().has_value());
}

TEST(RedisPortalMoverTest, RefusesABridgedTargetAndLeavesOtherKindsAlone) {
  RedisTestKeys env;
  RedisBridgedRooms rooms(env.client(), env.keys());
  RedisPortalMover mover(env.client(), env.keys());
  ASSERT_TRUE(rooms.AddPortal("libera", "#python", "!old:hs").ok());
  ASSERT_TRUE(rooms.AddPortal("libera", "#rust", "!rust:hs").ok());
  ASSERT_TRUE(rooms.SetAdminRoom("libera", "@alice:hs", "!dm:hs").ok());
  EXPECT_EQ(mover.MovePortal("!old:hs", "!rust:hs").status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(rooms.PortalOf("libera", "#python").value(), std::optional<std::string>("!old:hs"));
  EXPECT_FALSE(mover.MovePortal("!dm:hs", "!new:hs").value().has_value());
  EXPECT_TRUE(rooms.Find("!dm:hs").value().has_value());
  EXPECT_EQ(mover.MovePortal("!old:hs", "!old:hs").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(mover.MovePortal("old", "!new:hs").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mxedge::irc_worker
