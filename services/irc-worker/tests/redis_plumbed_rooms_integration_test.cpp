#include "redis_plumbed_rooms.hpp"

#include <gtest/gtest.h>

#include "plumbed_rooms_contract.hpp"
#include "redis_bridged_rooms.hpp"
#include "redis_test_env.hpp"

namespace mxedge::irc_worker {
namespace {

class RedisPlumbedEnv : public RedisTestKeys {
 public:
  PlumbedRooms& plumbed() { return plumbed_; }
  BridgedRooms& rooms() { return rooms_; }

 private:
  RedisPlumbedRooms plumbed_{client(), keys()};
  RedisBridgedRooms rooms_{client(), keys()};
};

INSTANTIATE_TYPED_TEST_SUITE_P(RedisPlumbed, PlumbedRoomsContractTest, RedisPlumbedEnv);

// The router sends the events of an invited room to its network (irc:room:<room_id> `network`),
// so a moderator's !plumb reaches a worker; after !plumb the record is a portal's.
TEST(RedisPlumbedRoomsTest, TheRoomHashNamesTheNetworkForTheRouter) {
  RedisTestKeys env;
  RedisPlumbedRooms plumbed(env.client(), env.keys());
  ASSERT_TRUE(plumbed.AddInvited("libera", "!r:hs", "@mod:hs").value());
  const std::string key = env.keys().prefix() + "irc:room:!r:hs";
  std::map<std::string, std::string> invited = redis::HGetAll(env.client(), key).value();
  EXPECT_EQ(invited, (std::map<std::string, std::string>{
                         {"network", "libera"}, {"kind", "invited"}, {"user", "@mod:hs"}}));
  ASSERT_TRUE(plumbed.Plumb("libera", "#chan", "!r:hs", "@mod:hs").ok());
  std::map<std::string, std::string> now = redis::HGetAll(env.client(), key).value();
  EXPECT_EQ(now, (std::map<std::string, std::string>{{"network", "libera"},
                                                     {"kind", "portal"},
                                                     {"channel", "#chan"},
                                                     {"plumbed", "1"},
                                                     {"user", "@mod:hs"}}));
  EXPECT_EQ(redis::Get(env.client(), env.keys().prefix() + "irc:portal:libera:#chan").value(),
            std::optional<std::string>("!r:hs"));
}

}  // namespace
}  // namespace mxedge::irc_worker
