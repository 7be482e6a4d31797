#include "portal_directory.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "in_memory_bridged_rooms.hpp"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::irc_worker {
namespace {

TEST(PortalDirectoryTest, StaticMappingsWinAndPortalsAnswerTheRest) {
  InMemoryBridgedRooms rooms;
  ASSERT_TRUE(rooms.AddPortal("libera", "#python", "!portal:hs").ok());
  ASSERT_TRUE(rooms.AddPortal("libera", "#static", "!shadowed:hs").ok());
  ASSERT_TRUE(rooms.SetAdminRoom("libera", "@u:hs", "!admin:hs").ok());
  ChannelMapping mapping = *ChannelMapping::Parse({"#Static=!configured:hs"});
  mapping.SetPortals("libera", std::make_shared<PortalDirectory>(rooms));

  EXPECT_EQ(mapping.RoomOf("#STATIC"), std::optional<std::string>("!configured:hs"));
  EXPECT_EQ(mapping.RoomOf("#PyThon"), std::optional<std::string>("!portal:hs"));
  EXPECT_EQ(mapping.ChannelOf("!portal:hs"), std::optional<std::string>("#python"));
  EXPECT_EQ(mapping.ChannelOf("!configured:hs"), std::optional<std::string>("#Static"));
  // Admin rooms and unknown rooms are no channel's room.
  EXPECT_EQ(mapping.ChannelOf("!admin:hs"), std::nullopt);
  EXPECT_EQ(mapping.ChannelOf("!unknown:hs"), std::nullopt);
  EXPECT_EQ(mapping.RoomOf("#rust"), std::nullopt);
}

TEST(PortalDirectoryTest, SeesPortalsCreatedLaterAndKeepsNetworksApart) {
  InMemoryBridgedRooms rooms;
  PortalDirectory directory(rooms);
  EXPECT_EQ(directory.PortalRoom("libera", "#rust"), std::nullopt);
  ASSERT_TRUE(rooms.AddPortal("libera", "#rust", "!rust:hs").ok());
  EXPECT_EQ(directory.PortalRoom("libera", "#rust"), std::optional<std::string>("!rust:hs"));
  EXPECT_EQ(directory.PortalChannel("oftc", "!rust:hs"), std::nullopt);
  EXPECT_EQ(directory.PortalChannel("libera", "!rust:hs"), std::optional<std::string>("#rust"));
  // Cached: still answered after the store forgot it.
  ASSERT_TRUE(rooms.Remove("!rust:hs").value());
  EXPECT_EQ(directory.PortalRoom("libera", "#rust"), std::optional<std::string>("!rust:hs"));
  EXPECT_EQ(directory.PortalRoom("bad net", "#x"), std::nullopt);
  EXPECT_EQ(directory.store_errors(), 0);
}

TEST(PortalDirectoryTest, ForgetDropsAMovedRoomAtOnce) {
  InMemoryBridgedRooms rooms;
  PortalDirectory directory(rooms);
  ASSERT_TRUE(rooms.AddPortal("libera", "#rust", "!old:hs").ok());
  ASSERT_EQ(directory.PortalRoom("libera", "#rust"), std::optional<std::string>("!old:hs"));
  ASSERT_TRUE(rooms.Remove("!old:hs").value());
  ASSERT_TRUE(rooms.AddPortal("libera", "#rust", "!new:hs").ok());
  directory.Forget("!old:hs");
  EXPECT_EQ(directory.PortalRoom("libera", "#rust"), std::optional<std::string>("!new:hs"));
  EXPECT_EQ(directory.PortalChannel("libera", "!old:hs"), std::nullopt);
}

TEST(PortalDirectoryTest, WithAClockCachedEntriesAreReadAgainAfterTheTtl) {
  InMemoryBridgedRooms rooms;
  mxedge::testing::FakeClock clock;
  PortalDirectory directory(rooms, &clock, std::chrono::seconds(30));
  ASSERT_TRUE(rooms.AddPortal("libera", "#rust", "!old:hs").ok());
  ASSERT_EQ(directory.PortalRoom("libera", "#rust"), std::optional<std::string>("!old:hs"));
  // Another worker moved the portal.
  ASSERT_TRUE(rooms.Remove("!old:hs").value());
  ASSERT_TRUE(rooms.AddPortal("libera", "#rust", "!new:hs").ok());
  clock.Advance(std::chrono::seconds(29));
  EXPECT_EQ(directory.PortalRoom("libera", "#rust"), std::optional<std::string>("!old:hs"));
  clock.Advance(std::chrono::seconds(1));
  EXPECT_EQ(directory.PortalRoom("libera", "#rust"), std::optional<std::string>("!new:hs"));
  EXPECT_EQ(directory.PortalChannel("libera", "!old:hs"), std::nullopt);
}

}  // namespace
}  // namespace mxedge::irc_worker
