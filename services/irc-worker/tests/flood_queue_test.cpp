#include "flood_queue.hpp"

#include <chrono>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace mxedge::irc_worker {
namespace {

using std::chrono::milliseconds;
using TimePoint = std::chrono::steady_clock::time_point;

TimePoint T0() { return TimePoint(std::chrono::hours(1)); }

std::vector<std::string> Lines(std::vector<QueuedLine> queued) {
  std::vector<std::string> out;
  for (auto& q : queued) out.push_back(q.line);
  return out;
}

TEST(FloodQueueTest, BurstLeavesAtOnceThenTheRateHolds) {
  FloodQueue queue({.lines_per_second = 2.0, .burst = 3, .max_queued = 100}, T0());
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(queue.Push("L" + std::to_string(i), nullptr).ok());
  EXPECT_EQ(Lines(queue.TakeReady(T0())), (std::vector<std::string>{"L0", "L1", "L2"}));
  EXPECT_TRUE(queue.TakeReady(T0() + milliseconds(499)).empty());
  EXPECT_EQ(Lines(queue.TakeReady(T0() + milliseconds(500))), (std::vector<std::string>{"L3"}));
  // Over 10 simulated seconds at most burst + rate * time lines leave.
  size_t sent = 4;
  for (int ms = 500; ms <= 3500; ms += 10) {
    sent += queue.TakeReady(T0() + milliseconds(ms)).size();
  }
  EXPECT_EQ(sent, 10u);
  EXPECT_EQ(queue.depth(), 0u);
}

TEST(FloodQueueTest, MeasuredRateNeverExceedsTheConfiguredOne) {
  FloodQueue queue({.lines_per_second = 5.0, .burst = 1, .max_queued = 1000}, T0());
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(queue.Push("x", nullptr).ok());
  std::vector<TimePoint> times;
  for (int ms = 0; ms <= 20'000; ms += 7) {
    const TimePoint now = T0() + milliseconds(ms);
    for (size_t n = queue.TakeReady(now).size(); n > 0; --n) times.push_back(now);
  }
  ASSERT_GE(times.size(), 99u);
  for (size_t i = 1; i < times.size(); ++i) {
    EXPECT_GE(times[i] - times[i - 1], milliseconds(199)) << "line " << i;
  }
}

TEST(FloodQueueTest, FullQueueRefusesAndCountsDrops) {
  FloodQueue queue({.lines_per_second = 1.0, .burst = 1, .max_queued = 2}, T0());
  ASSERT_TRUE(queue.Push("a", nullptr).ok());
  ASSERT_TRUE(queue.Push("b", nullptr).ok());
  bool called = false;
  absl::Status status = queue.Push("c", [&](const absl::Status&) { called = true; });
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_FALSE(called);
  EXPECT_EQ(queue.dropped(), 1u);
  EXPECT_EQ(queue.depth(), 2u);
}

TEST(FloodQueueTest, NextReadyAtPredictsWhenTheNextLineMayLeave) {
  FloodQueue queue({.lines_per_second = 4.0, .burst = 1, .max_queued = 10}, T0());
  EXPECT_FALSE(queue.NextReadyAt(T0()).has_value());
  ASSERT_TRUE(queue.Push("a", nullptr).ok());
  ASSERT_TRUE(queue.Push("b", nullptr).ok());
  EXPECT_EQ(queue.NextReadyAt(T0()), T0());
  EXPECT_EQ(queue.TakeReady(T0()).size(), 1u);
  const auto next = queue.NextReadyAt(T0());
  ASSERT_TRUE(next.has_value());
  EXPECT_GE(*next - T0(), milliseconds(250));
  EXPECT_LE(*next - T0(), milliseconds(251));
  EXPECT_EQ(queue.TakeReady(*next).size(), 1u);
}

TEST(FloodQueueTest, FailAllCompletesEveryWaitingLineWithTheStatus) {
  FloodQueue queue({.lines_per_second = 1.0, .burst = 1, .max_queued = 10}, T0());
  std::vector<absl::StatusCode> codes;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(queue.Push("x", [&](const absl::Status& s) { codes.push_back(s.code()); }).ok());
  }
  auto ready = queue.TakeReady(T0());
  ASSERT_EQ(ready.size(), 1u);
  ready[0].done(absl::OkStatus());
  queue.FailAll(absl::UnavailableError("closed"));
  EXPECT_EQ(codes,
            (std::vector<absl::StatusCode>{absl::StatusCode::kOk, absl::StatusCode::kUnavailable,
                                           absl::StatusCode::kUnavailable}));
  EXPECT_EQ(queue.depth(), 0u);
}

TEST(FloodQueueTest, ResetRefillsTheBucket) {
  FloodQueue queue({.lines_per_second = 1.0, .burst = 2, .max_queued = 10}, T0());
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(queue.Push("x", nullptr).ok());
  EXPECT_EQ(queue.TakeReady(T0()).size(), 2u);
  EXPECT_TRUE(queue.TakeReady(T0()).empty());
  queue.Reset(T0());
  EXPECT_EQ(queue.TakeReady(T0()).size(), 2u);
}

}  // namespace
}  // namespace mxedge::irc_worker
