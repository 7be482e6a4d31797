#include "member_display_name.hpp"

#include <gtest/gtest.h>

namespace mxedge::irc_worker {
namespace {

v1::MatrixEvent Member(std::string_view sender, std::string_view state_key,
                       std::string_view content) {
  v1::MatrixEvent event;
  event.set_type("m.room.member");
  event.set_sender(std::string(sender));
  event.set_state_key(std::string(state_key));
  event.set_content_json(std::string(content));
  return event;
}

TEST(OwnJoinDisplayNameTest, ReadsTheNameOfAnOwnJoin) {
  absl::StatusOr<std::optional<std::string>> name = OwnJoinDisplayName(
      "@a:hs", Member("@a:hs", "@a:hs", R"({"membership":"join","displayname":"Alice L"})"));
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(name->value_or("-"), "Alice L");
  name = OwnJoinDisplayName("@a:hs",
                            Member("@a:hs", "@a:hs", R"({"membership":"join","displayname":""})"));
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(name->value_or("-"), "");
}

TEST(OwnJoinDisplayNameTest, NothingToLearnFromOtherEvents) {
  const std::string named = R"({"membership":"join","displayname":"A"})";
  EXPECT_FALSE(OwnJoinDisplayName("@a:hs", Member("@b:hs", "@a:hs", named))->has_value());
  EXPECT_FALSE(OwnJoinDisplayName("@a:hs", Member("@a:hs", "@b:hs", named))->has_value());
  EXPECT_FALSE(OwnJoinDisplayName("@b:hs", Member("@a:hs", "@a:hs", named))->has_value());
  EXPECT_FALSE(OwnJoinDisplayName(
                   "@a:hs", Member("@a:hs", "@a:hs", R"({"membership":"leave","displayname":"A"})"))
                   ->has_value());
  EXPECT_FALSE(OwnJoinDisplayName("@a:hs", Member("@a:hs", "@a:hs", R"({"membership":"join"})"))
                   ->has_value());
  EXPECT_FALSE(OwnJoinDisplayName(
                   "@a:hs", Member("@a:hs", "@a:hs", R"({"membership":"join","displayname":null})"))
                   ->has_value());
  v1::MatrixEvent message = Member("@a:hs", "@a:hs", named);
  message.set_type("m.room.message");
  EXPECT_FALSE(OwnJoinDisplayName("@a:hs", message)->has_value());
  v1::MatrixEvent stateless = Member("@a:hs", "@a:hs", named);
  stateless.clear_state_key();
  EXPECT_FALSE(OwnJoinDisplayName("@a:hs", stateless)->has_value());
}

TEST(OwnJoinDisplayNameTest, MalformedContentIsInvalidArgument) {
  EXPECT_TRUE(
      absl::IsInvalidArgument(OwnJoinDisplayName("@a:hs", Member("@a:hs", "@a:hs", "{")).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      OwnJoinDisplayName("@a:hs", Member("@a:hs", "@a:hs", "[1]")).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      OwnJoinDisplayName("@a:hs",
                         Member("@a:hs", "@a:hs", R"({"membership":"join","displayname":["A"]})"))
          .status()));
}

}  // namespace
}  // namespace mxedge::irc_worker
