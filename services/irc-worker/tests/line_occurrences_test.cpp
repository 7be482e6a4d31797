#include "line_occurrences.hpp"

#include <gtest/gtest.h>

namespace mxedge::irc_worker {
namespace {

using namespace std::chrono_literals;

TEST(LineOccurrencesTest, CountsIdenticalLinesWithinTheWindow) {
  LineOccurrences occurrences(10min);
  const auto t0 = std::chrono::steady_clock::time_point(1h);
  EXPECT_EQ(occurrences.Next("h:ok", t0), 1);
  EXPECT_EQ(occurrences.Next("h:ok", t0 + 1s), 2);
  EXPECT_EQ(occurrences.Next("h:other", t0 + 2s), 1);
  EXPECT_EQ(occurrences.Next("h:ok", t0 + 3s), 3);
}

TEST(LineOccurrencesTest, ForgetsSightingsOlderThanTheWindow) {
  LineOccurrences occurrences(10min);
  const auto t0 = std::chrono::steady_clock::time_point(1h);
  EXPECT_EQ(occurrences.Next("h:ok", t0), 1);
  EXPECT_EQ(occurrences.Next("h:ok", t0 + 5min), 2);
  // The first sighting left the window; the second has not.
  EXPECT_EQ(occurrences.Next("h:ok", t0 + 10min), 2);
  EXPECT_EQ(occurrences.Next("h:x", t0 + 30min), 1);
  EXPECT_EQ(occurrences.tracked(), 1u);
}

}  // namespace
}  // namespace mxedge::irc_worker
