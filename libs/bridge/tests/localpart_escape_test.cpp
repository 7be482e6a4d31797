#include "mxedge/bridge/localpart_escape.hpp"

#include <gtest/gtest.h>

#include "mxedge/matrix/ids.hpp"

namespace mxedge::bridge {
namespace {

TEST(LocalpartEscapeTest, KeepsStrictCharacters) {
  EXPECT_EQ(EscapeLocalpart("alice_-./+9"), "alice_-./+9");
}

TEST(LocalpartEscapeTest, EscapesEverythingElse) {
  EXPECT_EQ(EscapeLocalpart("A{|}^`=\\"), "=41=7b=7c=7d=5e=60=3d=5c");
  EXPECT_EQ(EscapeLocalpart("\xc3\xa9"), "=c3=a9");
}

TEST(LocalpartEscapeTest, OutputIsAStrictLocalpart) {
  std::string all;
  for (int b = 1; b < 256; ++b) {
    all.push_back(static_cast<char>(b));
  }
  const std::string escaped = EscapeLocalpart(all);
  EXPECT_TRUE(matrix::IsValidUserLocalpart(escaped, matrix::UserIdGrammar::kStrict));
  absl::StatusOr<std::string> back = UnescapeLocalpart(escaped);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, all);
}

TEST(LocalpartEscapeTest, RejectsMalformedEscapes) {
  EXPECT_EQ(UnescapeLocalpart("a=").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(UnescapeLocalpart("a=7").ok());
  EXPECT_FALSE(UnescapeLocalpart("a=7B").ok());  // upper-case hex is never written
  EXPECT_FALSE(UnescapeLocalpart("a=zz").ok());
  EXPECT_FALSE(UnescapeLocalpart("=61").ok());  // 'a' is written plain
  EXPECT_FALSE(UnescapeLocalpart("A").ok());
  EXPECT_FALSE(UnescapeLocalpart("a b").ok());
}

}  // namespace
}  // namespace mxedge::bridge
