#include "redis_bridged_rooms.hpp"

#include <gtest/gtest.h>

#include "bridged_rooms_contract.hpp"
#include "redis_test_env.hpp"

namespace mxedge::irc_worker {
namespace {

class RedisRoomsEnv : public RedisTestKeys {
 public:
  BridgedRooms& rooms() { return rooms_; }

 private:
  RedisBridgedRooms rooms_{client(), keys()};
};

INSTANTIATE_TYPED_TEST_SUITE_P(RedisRooms, BridgedRoomsContractTest, RedisRoomsEnv);

// The router sends a room's events to the network named in irc:room:<room_id>.
TEST(RedisBridgedRoomsTest, TheRoomHashNamesTheNetworkForTheRouter) {
  RedisTestKeys env;
  RedisBridgedRooms rooms(env.client(), env.keys());
  ASSERT_TRUE(rooms.AddPortal("libera", "#python", "!p:hs").ok());
  ASSERT_TRUE(rooms.SetAdminRoom("oftc", "@u:hs", "!d:hs").ok());
  EXPECT_EQ(redis::HGet(env.client(), env.keys().prefix() + "irc:room:!p:hs", "network").value(),
            std::optional<std::string>("libera"));
  EXPECT_EQ(redis::HGet(env.client(), env.keys().prefix() + "irc:room:!d:hs", "network").value(),
            std::optional<std::string>("oftc"));
  EXPECT_EQ(redis::Get(env.client(), rooms.PortalKey("libera", "#python")).value(),
            std::optional<std::string>("!p:hs"));
}

}  // namespace
}  // namespace mxedge::irc_worker
