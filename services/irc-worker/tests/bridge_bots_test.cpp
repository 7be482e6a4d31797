#include "bridge_bots.hpp"

#include <chrono>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "in_memory_bridged_rooms.hpp"
#include "in_memory_ownership.hpp"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::irc_worker {
namespace {

using ::testing::ElementsAre;

Config TwoNetworks() {
  Config config;
  config.homeserver.server_name = "example.org";
  NetworkConfig libera;
  libera.id = "libera";
  libera.channels = {"#Bridge=!a:example.org", "#other=!b:example.org"};
  NetworkConfig oftc;
  oftc.id = "oftc";
  oftc.bot_nick = "RelayBot";
  oftc.bot_localpart = "relay_$NETWORK";
  config.networks = {libera, oftc};
  return config;
}

TEST(BridgeBotsTest, NamesEachNetworksBotAndItsNick) {
  testing::FakeClock clock;
  InMemoryOwnership claims(clock);
  InMemoryBridgedRooms rooms;
  BridgeBots bots(TwoNetworks(), claims, rooms);
  EXPECT_EQ(bots.NickOf({"libera", "@irc_libera:example.org"}), "irc_libera");
  EXPECT_EQ(bots.NickOf({"oftc", "@relay_oftc:example.org"}), "RelayBot");
  EXPECT_FALSE(bots.IsBot({"oftc", "@irc_oftc:example.org"}));
  EXPECT_FALSE(bots.IsBot({"libera", "@relay_oftc:example.org"}));
  EXPECT_FALSE(bots.IsBot({"libera", "@alice:example.org"}));
}

TEST(BridgeBotsTest, EnrollWantsEachBotWithItsStaticChannelsFolded) {
  testing::FakeClock clock;
  InMemoryOwnership claims(clock);
  InMemoryBridgedRooms rooms;
  BridgeBots bots(TwoNetworks(), claims, rooms);
  ASSERT_TRUE(bots.Enroll().ok());
  EXPECT_TRUE(bots.enrolled());
  EXPECT_THAT(*rooms.UserChannels("libera", "@irc_libera:example.org"),
              ElementsAre("#bridge", "#other"));
  EXPECT_TRUE(rooms.UserChannels("oftc", "@relay_oftc:example.org")->empty());
  absl::StatusOr<std::vector<WantedConnection>> wanted =
      claims.ListWanted("libera", std::chrono::seconds(30));
  ASSERT_TRUE(wanted.ok());
  ASSERT_EQ(wanted->size(), 1u);
  EXPECT_EQ((*wanted)[0].mxid, "@irc_libera:example.org");
}

}  // namespace
}  // namespace mxedge::irc_worker
