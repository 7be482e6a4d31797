#include "irc_echo_matcher.hpp"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace mxedge::irc_worker {
namespace {

TEST(IrcEchoMatcherTest, IdenticalLinesCompleteInOrder) {
  IrcEchoMatcher matcher;
  std::vector<int> completed;
  matcher.Expect("#room", "hi",
                 [&](const absl::Status& s) { completed.push_back(s.ok() ? 1 : -1); });
  matcher.Expect("#other", "hi",
                 [&](const absl::Status& s) { completed.push_back(s.ok() ? 2 : -2); });
  matcher.Expect("#room", "hi",
                 [&](const absl::Status& s) { completed.push_back(s.ok() ? 3 : -3); });
  EXPECT_TRUE(matcher.Match("#room", "hi"));
  EXPECT_EQ(completed, (std::vector<int>{1}));
  EXPECT_TRUE(matcher.Match("#room", "hi"));
  EXPECT_EQ(completed, (std::vector<int>{1, 3}));
  EXPECT_FALSE(matcher.Match("#room", "hi"));
  EXPECT_FALSE(matcher.Match("#other", "hello"));
  EXPECT_EQ(matcher.outstanding(), 1u);
}

TEST(IrcEchoMatcherTest, FailAllReportsTheStatusToEveryWaitingLine) {
  IrcEchoMatcher matcher;
  std::vector<absl::StatusCode> codes;
  for (int i = 0; i < 2; ++i) {
    matcher.Expect("bob", "x", [&](const absl::Status& s) { codes.push_back(s.code()); });
  }
  matcher.FailAll(absl::UnavailableError("closed before the echo"));
  EXPECT_EQ(codes, (std::vector<absl::StatusCode>{absl::StatusCode::kUnavailable,
                                                  absl::StatusCode::kUnavailable}));
  EXPECT_EQ(matcher.outstanding(), 0u);
}

}  // namespace
}  // namespace mxedge::irc_worker
