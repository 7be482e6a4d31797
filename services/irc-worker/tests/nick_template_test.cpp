#include "nick_template.hpp"

#include <gtest/gtest.h>

namespace mxedge::irc_worker {
namespace {

TEST(ParseNickTemplateTest, NeedsDisplayOrLocalpart) {
  EXPECT_TRUE(ParseNickTemplate("$DISPLAY[m]").ok());
  EXPECT_TRUE(ParseNickTemplate("$LOCALPART[m]").ok());
  EXPECT_TRUE(ParseNickTemplate("mx-$DISPLAY-$USERID").ok());
  absl::StatusOr<bridge::PuppetNamer> only_id = ParseNickTemplate("[$USERID]");
  EXPECT_TRUE(absl::IsInvalidArgument(only_id.status()));
  EXPECT_EQ(only_id.status().message(), "must contain $DISPLAY or $LOCALPART");
  EXPECT_TRUE(absl::IsInvalidArgument(ParseNickTemplate("fixed").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseNickTemplate("$NICK").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseNickTemplate("$DISPLAY$LOCALPART").status()));
}

}  // namespace
}  // namespace mxedge::irc_worker
