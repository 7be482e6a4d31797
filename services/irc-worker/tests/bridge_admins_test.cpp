#include "bridge_admins.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mxedge::irc_worker {
namespace {

using ::testing::HasSubstr;

TEST(BridgeAdminsTest, ExactIdsAndGlobsMatch) {
  absl::StatusOr<BridgeAdmins> admins = BridgeAdmins::Parse({"@root:example.org", "@*:ops.org"});
  ASSERT_TRUE(admins.ok()) << admins.status();
  EXPECT_TRUE(admins->Contains("@root:example.org"));
  EXPECT_FALSE(admins->Contains("@root:example.org.evil"));
  EXPECT_FALSE(admins->Contains("@alice:example.org"));
  EXPECT_TRUE(admins->Contains("@anyone:ops.org"));
  EXPECT_FALSE(admins->Contains("@anyone:ops.org.evil"));
  EXPECT_FALSE(admins->Contains("@x:other.ops.org"));
}

TEST(BridgeAdminsTest, EmptyListHasNoAdmins) {
  absl::StatusOr<BridgeAdmins> admins = BridgeAdmins::Parse({});
  ASSERT_TRUE(admins.ok());
  EXPECT_TRUE(admins->empty());
  EXPECT_FALSE(admins->Contains("@root:example.org"));
}

TEST(BridgeAdminsTest, EntriesThatAreNoUserIdAreRefused) {
  EXPECT_THAT(BridgeAdmins::Parse({"root:example.org"}).status().message(),
              HasSubstr("\"root:example.org\" is not a user id"));
  EXPECT_THAT(BridgeAdmins::Parse({"@root"}).status().message(), HasSubstr("is not a user id"));
  EXPECT_THAT(BridgeAdmins::Parse({"@a b:c"}).status().message(), HasSubstr("whitespace"));
  EXPECT_EQ(BridgeAdmins::Parse({"@a:\n"}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(GlobMatchTest, StarMatchesAnyRunIncludingNone) {
  EXPECT_TRUE(GlobMatch("*", ""));
  EXPECT_TRUE(GlobMatch("a*", "a"));
  EXPECT_TRUE(GlobMatch("a*c", "abbbc"));
  EXPECT_TRUE(GlobMatch("*b*b*", "abxbz"));
  EXPECT_FALSE(GlobMatch("a*c", "abcd"));
  EXPECT_FALSE(GlobMatch("abc", "ab"));
  EXPECT_FALSE(GlobMatch("", "a"));
  EXPECT_TRUE(GlobMatch("@*:*.org", "@u:x.y.org"));
}

}  // namespace
}  // namespace mxedge::irc_worker
