#pragma once
// The contract of PmRooms, on memory and on Redis. An Env provides PmRooms& pms() and
// ReserveRoom(room_id) (records the room as something else, e.g. a portal).
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "pm_rooms.hpp"

namespace mxedge::irc_worker {

template <typename Env>
class PmRoomsContractTest : public ::testing::Test {
 protected:
  PmRooms& pms() { return env_.pms(); }
  static PmRoom Room(std::string room_id, std::string owner, std::string nick) {
    return PmRoom{.room_id = std::move(room_id),
                  .network = "libera",
                  .owner = std::move(owner),
                  .nick = std::move(nick)};
  }
  Env env_;
};

TYPED_TEST_SUITE_P(PmRoomsContractTest);

TYPED_TEST_P(PmRoomsContractTest, RecordsBothDirections) {
  EXPECT_EQ(this->pms().RoomOf("libera", "@alice:hs", "bob").value(), std::nullopt);
  EXPECT_EQ(this->pms().Add(this->Room("!a:hs", "@alice:hs", "bob")).value(), "!a:hs");
  EXPECT_EQ(this->pms().RoomOf("libera", "@alice:hs", "bob").value(),
            std::optional<std::string>("!a:hs"));
  EXPECT_EQ(this->pms().RoomOf("libera", "@carol:hs", "bob").value(), std::nullopt);
  EXPECT_EQ(this->pms().RoomOf("oftc", "@alice:hs", "bob").value(), std::nullopt);
  EXPECT_EQ(this->pms().Find("!a:hs").value(),
            std::optional<PmRoom>(this->Room("!a:hs", "@alice:hs", "bob")));
  EXPECT_EQ(this->pms().Find("!other:hs").value(), std::nullopt);
}

TYPED_TEST_P(PmRoomsContractTest, TheFirstRoomOfANickWins) {
  ASSERT_TRUE(this->pms().Add(this->Room("!a:hs", "@alice:hs", "bob")).ok());
  EXPECT_EQ(this->pms().Add(this->Room("!b:hs", "@alice:hs", "bob")).value(), "!a:hs");
  EXPECT_EQ(this->pms().Find("!b:hs").value(), std::nullopt);
  // The same room cannot be a second user's or nick's private chat.
  EXPECT_TRUE(
      absl::IsAlreadyExists(this->pms().Add(this->Room("!a:hs", "@carol:hs", "dave")).status()));
}

TYPED_TEST_P(PmRoomsContractTest, RefusesARoomBridgedAsSomethingElse) {
  this->env_.ReserveRoom("!portal:hs");
  EXPECT_TRUE(absl::IsAlreadyExists(
      this->pms().Add(this->Room("!portal:hs", "@alice:hs", "bob")).status()));
  EXPECT_EQ(this->pms().Find("!portal:hs").value(), std::nullopt);
  EXPECT_EQ(this->pms().RoomOf("libera", "@alice:hs", "bob").value(), std::nullopt);
}

TYPED_TEST_P(PmRoomsContractTest, RemoveForgetsBothDirections) {
  ASSERT_TRUE(this->pms().Add(this->Room("!a:hs", "@alice:hs", "bob")).ok());
  EXPECT_TRUE(this->pms().Remove("!a:hs").value());
  EXPECT_FALSE(this->pms().Remove("!a:hs").value());
  EXPECT_EQ(this->pms().Find("!a:hs").value(), std::nullopt);
  EXPECT_EQ(this->pms().RoomOf("libera", "@alice:hs", "bob").value(), std::nullopt);
  // A new private chat with the nick can be recorded afterwards.
  EXPECT_EQ(this->pms().Add(this->Room("!b:hs", "@alice:hs", "bob")).value(), "!b:hs");
}

TYPED_TEST_P(PmRoomsContractTest, RemoveLeavesOtherRoomsAlone) {
  this->env_.ReserveRoom("!portal:hs");
  EXPECT_FALSE(this->pms().Remove("!portal:hs").value());
  EXPECT_TRUE(absl::IsAlreadyExists(
      this->pms().Add(this->Room("!portal:hs", "@alice:hs", "bob")).status()));
}

TYPED_TEST_P(PmRoomsContractTest, RenameMovesTheRoomToTheNewNick) {
  ASSERT_TRUE(this->pms().Add(this->Room("!a:hs", "@alice:hs", "bob")).ok());
  EXPECT_EQ(this->pms().Rename("libera", "@alice:hs", "bob", "bobby").value(),
            std::optional<std::string>("!a:hs"));
  EXPECT_EQ(this->pms().RoomOf("libera", "@alice:hs", "bob").value(), std::nullopt);
  EXPECT_EQ(this->pms().RoomOf("libera", "@alice:hs", "bobby").value(),
            std::optional<std::string>("!a:hs"));
  EXPECT_EQ(this->pms().Find("!a:hs").value(),
            std::optional<PmRoom>(this->Room("!a:hs", "@alice:hs", "bobby")));
  // Nothing to move.
  EXPECT_EQ(this->pms().Rename("libera", "@alice:hs", "bob", "robert").value(), std::nullopt);
  // Removing after a rename clears the new index.
  EXPECT_TRUE(this->pms().Remove("!a:hs").value());
  EXPECT_EQ(this->pms().RoomOf("libera", "@alice:hs", "bobby").value(), std::nullopt);
}

TYPED_TEST_P(PmRoomsContractTest, RenameOntoAnExistingChatChangesNothing) {
  ASSERT_TRUE(this->pms().Add(this->Room("!a:hs", "@alice:hs", "bob")).ok());
  ASSERT_TRUE(this->pms().Add(this->Room("!b:hs", "@alice:hs", "bobby")).ok());
  EXPECT_TRUE(
      absl::IsAlreadyExists(this->pms().Rename("libera", "@alice:hs", "bob", "bobby").status()));
  EXPECT_EQ(this->pms().RoomOf("libera", "@alice:hs", "bob").value(),
            std::optional<std::string>("!a:hs"));
  EXPECT_EQ(this->pms().RoomOf("libera", "@alice:hs", "bobby").value(),
            std::optional<std::string>("!b:hs"));
}

TYPED_TEST_P(PmRoomsContractTest, MarkToldIsTrueOncePerSender) {
  ASSERT_TRUE(this->pms().Add(this->Room("!a:hs", "@alice:hs", "bob")).ok());
  EXPECT_TRUE(this->pms().MarkTold("!a:hs", "@carol:hs").value());
  EXPECT_FALSE(this->pms().MarkTold("!a:hs", "@carol:hs").value());
  EXPECT_TRUE(this->pms().MarkTold("!a:hs", "@dave:hs").value());
  // A removed room starts over.
  ASSERT_TRUE(this->pms().Remove("!a:hs").ok());
  EXPECT_TRUE(this->pms().MarkTold("!a:hs", "@carol:hs").value());
}

TYPED_TEST_P(PmRoomsContractTest, RefusesInvalidArguments) {
  EXPECT_TRUE(absl::IsInvalidArgument(
      this->pms().Add(this->Room("not-a-room", "@alice:hs", "bob")).status()));
  EXPECT_TRUE(
      absl::IsInvalidArgument(this->pms().Add(this->Room("!a:hs", "alice", "bob")).status()));
  EXPECT_TRUE(
      absl::IsInvalidArgument(this->pms().Add(this->Room("!a:hs", "@alice:hs", "b:ob")).status()));
  EXPECT_TRUE(
      absl::IsInvalidArgument(this->pms().Add(this->Room("!a:hs", "@alice:hs", "")).status()));
  EXPECT_TRUE(
      absl::IsInvalidArgument(this->pms().RoomOf("bad network!", "@alice:hs", "bob").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(this->pms().Find("").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(this->pms().MarkTold("!a:hs", "two words").status()));
  EXPECT_TRUE(
      absl::IsInvalidArgument(this->pms().Rename("libera", "@alice:hs", "bob", "").status()));
}

REGISTER_TYPED_TEST_SUITE_P(PmRoomsContractTest, RecordsBothDirections, TheFirstRoomOfANickWins,
                            RefusesARoomBridgedAsSomethingElse, RemoveForgetsBothDirections,
                            RemoveLeavesOtherRoomsAlone, RenameMovesTheRoomToTheNewNick,
                            RenameOntoAnExistingChatChangesNothing, MarkToldIsTrueOncePerSender,
                            RefusesInvalidArguments);

}  // namespace mxedge::irc_worker
