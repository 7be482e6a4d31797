#include "redis_pm_rooms.hpp"

#include <gtest/gtest.h>

#include "pm_rooms_contract.hpp"
#include "redis_bridged_rooms.hpp"
#include "redis_test_env.hpp"

namespace mxedge::irc_worker {
namespace {

class RedisPmRoomsEnv : public RedisTestKeys {
 public:
  PmRooms& pms() { return pms_; }
  // A portal recorded by the bridged rooms store, in the same irc:room hash space.
  void ReserveRoom(const std::string& room_id) {
    ASSERT_TRUE(rooms_.AddPortal("libera", "#reserved", room_id).ok());
  }

 private:
  RedisPmRooms pms_{client(), keys()};
  RedisBridgedRooms rooms_{client(), keys()};
};

INSTANTIATE_TYPED_TEST_SUITE_P(RedisPmRooms, PmRoomsContractTest, RedisPmRoomsEnv);

// The router reads the network of irc:room:<room_id>; the bridged rooms store reads the kind.
TEST(RedisPmRoomsTest, TheRoomHashRoutesThePrivateChatToTheNetwork) {
  RedisTestKeys env;
  RedisPmRooms pms(env.client(), env.keys());
  RedisBridgedRooms rooms(env.client(), env.keys());
  ASSERT_TRUE(
      pms.Add(PmRoom{.room_id = "!p:hs", .network = "libera", .owner = "@alice:hs", .nick = "bob"})
          .ok());
  EXPECT_EQ(redis::HGet(env.client(), pms.RoomKey("!p:hs"), "network").value(),
            std::optional<std::string>("libera"));
  EXPECT_EQ(redis::Get(env.client(), pms.PmKey("libera", "@alice:hs", "bob")).value(),
            std::optional<std::string>("!p:hs"));
  std::optional<BridgedRoom> known = rooms.Find("!p:hs").value();
  ASSERT_TRUE(known.has_value());
  EXPECT_EQ(known->kind, RoomKind::kPm);
  EXPECT_EQ(known->user_id, "@alice:hs");
  // Only a PM room is removed by the PM store; a portal is not touched.
  ASSERT_TRUE(rooms.AddPortal("libera", "#python", "!q:hs").ok());
  EXPECT_FALSE(pms.Remove("!q:hs").value());
  EXPECT_EQ(rooms.PortalOf("libera", "#python").value(), std::optional<std::string>("!q:hs"));
  EXPECT_TRUE(pms.Remove("!p:hs").value());
  EXPECT_EQ(rooms.Find("!p:hs").value(), std::nullopt);
}

}  // namespace
}  // namespace mxedge::irc_worker
