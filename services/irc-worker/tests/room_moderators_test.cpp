#include "room_moderators.hpp"

#include <gtest/gtest.h>

namespace mxedge::irc_worker {
namespace {

TEST(StatePowerOfTest, ReadsTheUsersLevelAndStateDefault) {
  const std::string levels =
      R"({"users": {"@mod:hs": 50, "@admin:hs": 100}, "users_default": 0, "state_default": 50})";
  absl::StatusOr<StatePower> mod = StatePowerOf(levels, "", "@mod:hs");
  ASSERT_TRUE(mod.ok()) << mod.status();
  EXPECT_EQ(mod->user_level, 50);
  EXPECT_EQ(mod->required_level, 50);
  EXPECT_TRUE(mod->Allowed());
  absl::StatusOr<StatePower> user = StatePowerOf(levels, "", "@user:hs");
  ASSERT_TRUE(user.ok());
  EXPECT_EQ(user->user_level, 0);
  EXPECT_FALSE(user->Allowed());
}

TEST(StatePowerOfTest, FollowsTheRoomsStateDefaultAndUsersDefault) {
  EXPECT_TRUE(
      StatePowerOf(R"({"users_default": 10, "state_default": 10})", "", "@u:hs")->Allowed());
  EXPECT_FALSE(
      StatePowerOf(R"({"users": {"@u:hs": 99}, "state_default": 100})", "", "@u:hs")->Allowed());
  // state_default absent from the event: 50.
  EXPECT_EQ(StatePowerOf(R"({"users": {"@u:hs": 49}})", "", "@u:hs")->required_level, 50);
  EXPECT_FALSE(StatePowerOf(R"({"users": {"@u:hs": 49}})", "", "@u:hs")->Allowed());
}

TEST(StatePowerOfTest, AcceptsLevelsWrittenAsStrings) {
  absl::StatusOr<StatePower> power =
      StatePowerOf(R"({"users": {"@u:hs": "75"}, "state_default": "+60"})", "", "@u:hs");
  ASSERT_TRUE(power.ok()) << power.status();
  EXPECT_EQ(power->user_level, 75);
  EXPECT_EQ(power->required_level, 60);
}

TEST(StatePowerOfTest, WithoutPowerLevelsOnlyTheCreatorMayPlumb) {
  absl::StatusOr<StatePower> creator = StatePowerOf(std::nullopt, "@c:hs", "@c:hs");
  ASSERT_TRUE(creator.ok());
  EXPECT_EQ(creator->user_level, 100);
  EXPECT_EQ(creator->required_level, 50);
  EXPECT_TRUE(creator->Allowed());
  EXPECT_FALSE(StatePowerOf(std::nullopt, "@c:hs", "@other:hs")->Allowed());
  // No creator known (a v11 create event): nobody.
  EXPECT_FALSE(StatePowerOf(std::nullopt, "", "@c:hs")->Allowed());
}

TEST(StatePowerOfTest, RejectsMalformedPowerLevels) {
  for (const char* bad : {"[]", "not json", R"({"users": []})", R"({"users": {"@u:hs": 1.5}})",
                          R"({"users": {"@u:hs": "high"}})", R"({"state_default": true})",
                          R"({"users_default": "x"})", R"({"users": {"@u:hs": "12abc"}})"}) {
    absl::StatusOr<StatePower> power = StatePowerOf(bad, "", "@u:hs");
    EXPECT_EQ(power.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  // Another user's malformed entry does not matter to this user.
  EXPECT_TRUE(StatePowerOf(R"({"users": {"@x:hs": "?", "@u:hs": 50}})", "", "@u:hs").ok());
}

TEST(CreatorOfTest, ReadsTheCreatorField) {
  EXPECT_EQ(CreatorOf(R"({"creator": "@c:hs", "room_version": "10"})"), "@c:hs");
  EXPECT_EQ(CreatorOf(R"({"room_version": "11"})"), "");
  EXPECT_EQ(CreatorOf(R"({"creator": 5})"), "");
  EXPECT_EQ(CreatorOf("garbage"), "");
}

}  // namespace
}  // namespace mxedge::irc_worker
