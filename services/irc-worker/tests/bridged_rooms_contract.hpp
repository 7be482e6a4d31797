#pragma once
// The contract of BridgedRooms, on memory and on Redis. An Env provides BridgedRooms& rooms().
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "bridged_rooms.hpp"

namespace mxedge::irc_worker {

template <typename Env>
class BridgedRoomsContractTest : public ::testing::Test {
 protected:
  BridgedRooms& rooms() { return env_.rooms(); }
  Env env_;
};

TYPED_TEST_SUITE_P(BridgedRoomsContractTest);

TYPED_TEST_P(BridgedRoomsContractTest, RecordsAPortalOnce) {
  EXPECT_EQ(this->rooms().PortalOf("libera", "#python").value(), std::nullopt);
  EXPECT_EQ(this->rooms().AddPortal("libera", "#python", "!a:hs").value(), "!a:hs");
  // A second creation lost the race: the first room stays the portal.
  EXPECT_EQ(this->rooms().AddPortal("libera", "#python", "!b:hs").value(), "!a:hs");
  EXPECT_EQ(this->rooms().PortalOf("libera", "#python").value(),
            std::optional<std::string>("!a:hs"));
  EXPECT_EQ(this->rooms().PortalOf("oftc", "#python").value(), std::nullopt);
  EXPECT_EQ(this->rooms().Find("!b:hs").value(), std::nullopt);
  std::optional<BridgedRoom> room = this->rooms().Find("!a:hs").value();
  ASSERT_TRUE(room.has_value());
  EXPECT_EQ(*room, (BridgedRoom{.room_id = "!a:hs",
                                .network = "libera",
                                .kind = RoomKind::kPortal,
                                .channel = "#python"}));
}

TYPED_TEST_P(BridgedRoomsContractTest, ARoomIsBridgedOnlyOnce) {
  ASSERT_TRUE(this->rooms().AddPortal("libera", "#python", "!a:hs").ok());
  EXPECT_EQ(this->rooms().AddPortal("libera", "#rust", "!a:hs").status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(this->rooms().SetAdminRoom("libera", "@u:hs", "!a:hs").code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(this->rooms().PortalOf("libera", "#rust").value(), std::nullopt);
}

TYPED_TEST_P(BridgedRoomsContractTest, ANewAdminRoomReplacesTheOld) {
  ASSERT_TRUE(this->rooms().SetAdminRoom("libera", "@u:hs", "!dm1:hs").ok());
  EXPECT_EQ(this->rooms().AdminRoomOf("libera", "@u:hs").value(),
            std::optional<std::string>("!dm1:hs"));
  // Setting the same room again is harmless.
  ASSERT_TRUE(this->rooms().SetAdminRoom("libera", "@u:hs", "!dm1:hs").ok());
  ASSERT_TRUE(this->rooms().SetAdminRoom("libera", "@u:hs", "!dm2:hs").ok());
  EXPECT_EQ(this->rooms().AdminRoomOf("libera", "@u:hs").value(),
            std::optional<std::string>("!dm2:hs"));
  EXPECT_EQ(this->rooms().Find("!dm1:hs").value(), std::nullopt);
  std::optional<BridgedRoom> room = this->rooms().Find("!dm2:hs").value();
  ASSERT_TRUE(room.has_value());
  EXPECT_EQ(*room, (BridgedRoom{.room_id = "!dm2:hs",
                                .network = "libera",
                                .kind = RoomKind::kAdmin,
                                .user_id = "@u:hs"}));
  EXPECT_EQ(this->rooms().AdminRoomOf("oftc", "@u:hs").value(), std::nullopt);
}

TYPED_TEST_P(BridgedRoomsContractTest, RemoveForgetsTheRoomAndItsIndex) {
  ASSERT_TRUE(this->rooms().AddPortal("libera", "#python", "!a:hs").ok());
  ASSERT_TRUE(this->rooms().SetAdminRoom("libera", "@u:hs", "!dm:hs").ok());
  EXPECT_TRUE(this->rooms().Remove("!a:hs").value());
  EXPECT_TRUE(this->rooms().Remove("!dm:hs").value());
  EXPECT_FALSE(this->rooms().Remove("!a:hs").value());
  EXPECT_EQ(this->rooms().PortalOf("libera", "#python").value(), std::nullopt);
  EXPECT_EQ(this->rooms().AdminRoomOf("libera", "@u:hs").value(), std::nullopt);
  // The channel can get a new portal.
  EXPECT_EQ(this->rooms().AddPortal("libera", "#python", "!c:hs").value(), "!c:hs");
}

TYPED_TEST_P(BridgedRoomsContractTest, TracksTheChannelsAUserAskedFor) {
  EXPECT_TRUE(this->rooms().UserChannels("libera", "@u:hs").value().empty());
  ASSERT_TRUE(this->rooms().AddUserChannel("libera", "@u:hs", "#rust").ok());
  ASSERT_TRUE(this->rooms().AddUserChannel("libera", "@u:hs", "#python").ok());
  ASSERT_TRUE(this->rooms().AddUserChannel("libera", "@u:hs", "#python").ok());
  ASSERT_TRUE(this->rooms().AddUserChannel("oftc", "@u:hs", "#debian").ok());
  EXPECT_EQ(this->rooms().UserChannels("libera", "@u:hs").value(),
            (std::vector<std::string>{"#python", "#rust"}));
  ASSERT_TRUE(this->rooms().RemoveUserChannel("libera", "@u:hs", "#rust").ok());
  ASSERT_TRUE(this->rooms().RemoveUserChannel("libera", "@u:hs", "#absent").ok());
  EXPECT_EQ(this->rooms().UserChannels("libera", "@u:hs").value(),
            (std::vector<std::string>{"#python"}));
}

TYPED_TEST_P(BridgedRoomsContractTest, RejectsInvalidArguments) {
  EXPECT_EQ(this->rooms().AddPortal("bad net", "#a", "!a:hs").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->rooms().AddPortal("libera", "", "!a:hs").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->rooms().AddPortal("libera", "#a", "a:hs").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->rooms().SetAdminRoom("libera", "@u hs", "!a:hs").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->rooms().Find("!nocolon").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->rooms().AddUserChannel("libera", "@u:hs", "").code(),
            absl::StatusCode::kInvalidArgument);
}

REGISTER_TYPED_TEST_SUITE_P(BridgedRoomsContractTest, RecordsAPortalOnce, ARoomIsBridgedOnlyOnce,
                            ANewAdminRoomReplacesTheOld, RemoveForgetsTheRoomAndItsIndex,
                            TracksTheChannelsAUserAskedFor, RejectsInvalidArguments);

}  // namespace mxedge::irc_worker
