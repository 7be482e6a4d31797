#pragma once
// The contract of PlumbedRooms with the BridgedRooms it shares its records with, on memory and on
// Redis. An Env provides PlumbedRooms& plumbed() and BridgedRooms& rooms() over one store.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "bridged_rooms.hpp"
#include "plumbed_rooms.hpp"

namespace mxedge::irc_worker {

template <typename Env>
class PlumbedRoomsContractTest : public ::testing::Test {
 protected:
  PlumbedRooms& plumbed() { return env_.plumbed(); }
  BridgedRooms& rooms() { return env_.rooms(); }
  Env env_;
};

TYPED_TEST_SUITE_P(PlumbedRoomsContractTest);

TYPED_TEST_P(PlumbedRoomsContractTest, AnInvitedRoomIsFoundAsInvited) {
  EXPECT_TRUE(this->plumbed().AddInvited("libera", "!r:hs", "@mod:hs").value());
  // Invited again (a redelivery, another invite): still one record.
  EXPECT_TRUE(this->plumbed().AddInvited("libera", "!r:hs", "@other:hs").value());
  std::optional<BridgedRoom> room = this->rooms().Find("!r:hs").value();
  ASSERT_TRUE(room.has_value());
  EXPECT_EQ(room->kind, RoomKind::kInvited);
  EXPECT_EQ(room->network, "libera");
  EXPECT_EQ(room->user_id, "@mod:hs");
  EXPECT_FALSE(room->plumbed);
}

TYPED_TEST_P(PlumbedRoomsContractTest, RoomsBridgedOtherwiseAreNotInvited) {
  ASSERT_TRUE(this->rooms().AddPortal("libera", "#python", "!p:hs").ok());
  ASSERT_TRUE(this->rooms().SetAdminRoom("libera", "@u:hs", "!dm:hs").ok());
  EXPECT_FALSE(this->plumbed().AddInvited("libera", "!p:hs", "@mod:hs").value());
  EXPECT_FALSE(this->plumbed().AddInvited("libera", "!dm:hs", "@mod:hs").value());
  ASSERT_TRUE(this->plumbed().AddInvited("libera", "!r:hs", "@mod:hs").value());
  EXPECT_FALSE(this->plumbed().AddInvited("oftc", "!r:hs", "@mod:hs").value());
  EXPECT_EQ(this->rooms().Find("!p:hs").value()->kind, RoomKind::kPortal);
  EXPECT_EQ(this->rooms().Find("!r:hs").value()->network, "libera");
  // An invited room is not a portal to be.
  EXPECT_EQ(this->rooms().AddPortal("libera", "#rust", "!r:hs").status().code(),
            absl::StatusCode::kAlreadyExists);
}

TYPED_TEST_P(PlumbedRoomsContractTest, PlumbingMakesTheRoomTheChannelsRoom) {
  ASSERT_TRUE(this->plumbed().AddInvited("libera", "!r:hs", "@inviter:hs").value());
  EXPECT_EQ(this->plumbed().Plumb("libera", "#chan", "!r:hs", "@mod:hs").value(),
            (PlumbResult{.outcome = PlumbOutcome::kPlumbed, .room_id = "!r:hs"}));
  EXPECT_EQ(this->rooms().PortalOf("libera", "#chan").value(), std::optional<std::string>("!r:hs"));
  EXPECT_EQ(this->rooms().Find("!r:hs").value(),
            (std::optional<BridgedRoom>(BridgedRoom{.room_id = "!r:hs",
                                                    .network = "libera",
                                                    .kind = RoomKind::kPortal,
                                                    .channel = "#chan",
                                                    .user_id = "@mod:hs",
                                                    .plumbed = true})));
  // A redelivered !plumb answers the same; another channel is refused.
  EXPECT_EQ(this->plumbed().Plumb("libera", "#chan", "!r:hs", "@mod:hs").value().outcome,
            PlumbOutcome::kPlumbed);
  EXPECT_EQ(this->plumbed().Plumb("libera", "#other", "!r:hs", "@mod:hs").value(),
            (PlumbResult{.outcome = PlumbOutcome::kAlreadyPlumbed, .channel = "#chan"}));
  EXPECT_EQ(this->rooms().PortalOf("libera", "#other").value(), std::nullopt);
}

TYPED_TEST_P(PlumbedRoomsContractTest, AChannelWithARoomIsNotPlumbed) {
  ASSERT_TRUE(this->rooms().AddPortal("libera", "#python", "!p:hs").ok());
  ASSERT_TRUE(this->plumbed().AddInvited("libera", "!r:hs", "@mod:hs").value());
  EXPECT_EQ(this->plumbed().Plumb("libera", "#python", "!r:hs", "@mod:hs").value(),
            (PlumbResult{.outcome = PlumbOutcome::kChannelTaken, .room_id = "!p:hs"}));
  EXPECT_EQ(this->rooms().Find("!r:hs").value()->kind, RoomKind::kInvited);
  EXPECT_EQ(this->rooms().PortalOf("libera", "#python").value(),
            std::optional<std::string>("!p:hs"));
  // A second room for a plumbed channel is refused too.
  ASSERT_TRUE(this->plumbed().Plumb("libera", "#chan", "!r:hs", "@mod:hs").ok());
  ASSERT_TRUE(this->plumbed().AddInvited("libera", "!s:hs", "@mod:hs").value());
  EXPECT_EQ(this->plumbed().Plumb("libera", "#chan", "!s:hs", "@mod:hs").value(),
            (PlumbResult{.outcome = PlumbOutcome::kChannelTaken, .room_id = "!r:hs"}));
}

TYPED_TEST_P(PlumbedRoomsContractTest, OnlyInvitedRoomsOfTheNetworkArePlumbed) {
  EXPECT_EQ(this->plumbed().Plumb("libera", "#chan", "!unknown:hs", "@mod:hs").value().outcome,
            PlumbOutcome::kNotInvited);
  ASSERT_TRUE(this->rooms().SetAdminRoom("libera", "@u:hs", "!dm:hs").ok());
  EXPECT_EQ(this->plumbed().Plumb("libera", "#chan", "!dm:hs", "@u:hs").value().outcome,
            PlumbOutcome::kNotInvited);
  ASSERT_TRUE(this->plumbed().AddInvited("oftc", "!r:hs", "@mod:hs").value());
  EXPECT_EQ(this->plumbed().Plumb("libera", "#chan", "!r:hs", "@mod:hs").value().outcome,
            PlumbOutcome::kNotInvited);
  EXPECT_EQ(this->rooms().PortalOf("libera", "#chan").value(), std::nullopt);
}

TYPED_TEST_P(PlumbedRoomsContractTest, RemovingAPlumbedRoomFreesTheChannel) {
  ASSERT_TRUE(this->plumbed().AddInvited("libera", "!r:hs", "@mod:hs").value());
  ASSERT_TRUE(this->plumbed().Plumb("libera", "#chan", "!r:hs", "@mod:hs").ok());
  EXPECT_TRUE(this->rooms().Remove("!r:hs").value());
  EXPECT_EQ(this->rooms().Find("!r:hs").value(), std::nullopt);
  EXPECT_EQ(this->rooms().PortalOf("libera", "#chan").value(), std::nullopt);
  // An invited room is forgotten the same way.
  ASSERT_TRUE(this->plumbed().AddInvited("libera", "!s:hs", "@mod:hs").value());
  EXPECT_TRUE(this->rooms().Remove("!s:hs").value());
  EXPECT_EQ(this->rooms().Find("!s:hs").value(), std::nullopt);
}

TYPED_TEST_P(PlumbedRoomsContractTest, RejectsInvalidArguments) {
  EXPECT_EQ(this->plumbed().AddInvited("", "!r:hs", "@mod:hs").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->plumbed().AddInvited("libera", "room", "@mod:hs").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->plumbed().AddInvited("libera", "!r:hs", "").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->plumbed().Plumb("libera", "", "!r:hs", "@mod:hs").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->plumbed().Plumb("Libera!", "#chan", "!r:hs", "@mod:hs").status().code(),
            absl::StatusCode::kInvalidArgument);
}

REGISTER_TYPED_TEST_SUITE_P(PlumbedRoomsContractTest, AnInvitedRoomIsFoundAsInvited,
                            RoomsBridgedOtherwiseAreNotInvited, PlumbingMakesTheRoomTheChannelsRoom,
                            AChannelWithARoomIsNotPlumbed, OnlyInvitedRoomsOfTheNetworkArePlumbed,
                            RemovingAPlumbedRoomFreesTheChannel, RejectsInvalidArguments);

}  // namespace mxedge::irc_worker
