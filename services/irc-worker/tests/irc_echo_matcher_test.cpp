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
  EXPECT_FALSE(matcher.Match("#nowhere", "hi"));
  EXPECT_EQ(matcher.outstanding(), 1u);
}

TEST(IrcEchoMatcherTest, EchoWithChangedTextCompletesTheOldestLineToItsTarget) {
  IrcEchoMatcher matcher;
  std::vector<std::string> completed;
  auto record = [&](std::string name) {
    return [&completed, name](const absl::Status& s) {
      completed.push_back(name + (s.ok() ? " ok" : " failed"));
    };
  };
  matcher.Expect("#plain",
                 "\x02"
                 "bold\x02 words",
                 record("coloured"));
  matcher.Expect("#other",
                 "\x03"
                 "04red",
                 record("other"));
  matcher.Expect("#plain", "exact", record("exact"));
  // An exact echo still completes its own line, even behind an older one to the same target.
  EXPECT_TRUE(matcher.Match("#plain", "exact"));
  // The server stripped the colours: no text matches, the oldest line to #plain is the one.
  EXPECT_TRUE(matcher.Match("#plain", "bold words"));
  EXPECT_EQ(completed, (std::vector<std::string>{"exact ok", "coloured ok"}));
  EXPECT_FALSE(matcher.Match("#plain", "bold words"));
  EXPECT_EQ(matcher.outstanding(), 1u);
}

TEST(IrcEchoMatcherTest, RefuseFailsTheOldestLineToThatTargetOnly) {
  IrcEchoMatcher matcher;
  std::vector<std::string> completed;
  auto record = [&](std::string name) {
    return [&completed, name](const absl::Status& s) {
      completed.push_back(name + (s.ok() ? " ok" : " refused"));
    };
  };
  matcher.Expect("#quiet", "one", record("one"));
  matcher.Expect("#open", "two", record("two"));
  matcher.Expect("#quiet", "one", record("three"));
  EXPECT_TRUE(matcher.Refuse("#quiet", absl::FailedPreconditionError("404")));
  EXPECT_EQ(completed, (std::vector<std::string>{"one refused"}));
  // The echo of the identical later line completes that line, not the refused one.
  EXPECT_TRUE(matcher.Match("#quiet", "one"));
  EXPECT_TRUE(matcher.Match("#open", "two"));
  EXPECT_EQ(completed, (std::vector<std::string>{"one refused", "three ok", "two ok"}));
  EXPECT_FALSE(matcher.Refuse("#quiet", absl::FailedPreconditionError("404")));
  EXPECT_EQ(matcher.outstanding(), 0u);
}

TEST(IrcEchoMatcherTest, SendRefusalNumerics) {
  for (int numeric : {401, 403, 404, 477, 489, 531}) {
    EXPECT_TRUE(IsSendRefusal(numeric)) << numeric;
  }
  for (int numeric : {1, 5, 353, 366, 433, 442, 482}) {
    EXPECT_FALSE(IsSendRefusal(numeric)) << numeric;
  }
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
