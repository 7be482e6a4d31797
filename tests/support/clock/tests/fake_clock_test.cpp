#include "mxedge/testing/fake_clock.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace mxedge::testing {
namespace {

using std::chrono::milliseconds;

TEST(FakeClockTest, StartsAtTheDocumentedInstant) {
  FakeClock clock;
  EXPECT_EQ(clock.NowUnixMs(), FakeClock::kDefaultStartUnixMs);
  EXPECT_GE(clock.SteadyNow().time_since_epoch(), std::chrono::hours(1));
}

TEST(FakeClockTest, StandsStillUntilAdvanced) {
  FakeClock clock;
  const auto wall = clock.Now();
  const auto steady = clock.SteadyNow();
  EXPECT_EQ(clock.Now(), wall);
  EXPECT_EQ(clock.SteadyNow(), steady);
}

TEST(FakeClockTest, AdvanceMovesWallAndSteadyTogether) {
  FakeClock clock;
  const auto wall = clock.Now();
  const auto steady = clock.SteadyNow();
  clock.Advance(milliseconds(1500));
  EXPECT_EQ(clock.Now() - wall, milliseconds(1500));
  EXPECT_EQ(clock.SteadyNow() - steady, milliseconds(1500));
  EXPECT_EQ(clock.NowUnixMs(), FakeClock::kDefaultStartUnixMs + 1500);
}

TEST(FakeClockTest, SetNowMovesOnlyWallTimeAndMayGoBackwards) {
  FakeClock clock;
  const auto steady = clock.SteadyNow();
  clock.SetNowUnixMs(1'000);
  EXPECT_EQ(clock.NowUnixMs(), 1'000);
  EXPECT_EQ(clock.SteadyNow(), steady);
  clock.SetNow(std::chrono::system_clock::time_point(milliseconds(2'000)));
  EXPECT_EQ(clock.NowUnixMs(), 2'000);
}

TEST(FakeClockTest, StartsAtAGivenWallTime) {
  FakeClock clock(std::chrono::system_clock::time_point(milliseconds(42)));
  EXPECT_EQ(clock.NowUnixMs(), 42);
}

TEST(FakeClockTest, SetSteadyNowMovesForward) {
  FakeClock clock;
  const auto later = clock.SteadyNow() + milliseconds(7);
  clock.SetSteadyNow(later);
  EXPECT_EQ(clock.SteadyNow(), later);
}

TEST(FakeClockTest, RejectsSteadyTimeGoingBackwards) {
  FakeClock clock;
  EXPECT_DEATH(clock.SetSteadyNow(clock.SteadyNow() - milliseconds(1)), "");
}

TEST(FakeClockTest, RejectsNegativeAdvance) {
  FakeClock clock;
  EXPECT_DEATH(clock.Advance(milliseconds(-1)), "");
}

TEST(FakeClockTest, ConcurrentAdvancesAreAllApplied) {
  FakeClock clock;
  const auto start = clock.SteadyNow();
  constexpr int kThreads = 4;
  constexpr int kSteps = 1000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&clock] {
      for (int i = 0; i < kSteps; ++i) {
        clock.Advance(milliseconds(1));
        // Readers see time that never runs backwards.
        const auto a = clock.SteadyNow();
        const auto b = clock.SteadyNow();
        ASSERT_LE(a, b);
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(clock.SteadyNow() - start, milliseconds(kThreads * kSteps));
}

}  // namespace
}  // namespace mxedge::testing
