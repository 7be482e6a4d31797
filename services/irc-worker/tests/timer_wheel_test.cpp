#include "timer_wheel.hpp"

#include <chrono>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace mxedge::irc_worker {
namespace {

using std::chrono::milliseconds;
using TimePoint = std::chrono::steady_clock::time_point;

TimePoint T0() { return TimePoint(std::chrono::hours(1)); }

TEST(TimerWheelTest, FiresAtTheFirstAdvanceAtOrAfterTheDeadlineInOrder) {
  TimerWheel wheel(T0(), milliseconds(100), 16);
  std::vector<std::string> fired;
  wheel.Schedule(T0() + milliseconds(350), [&] { fired.push_back("b"); });
  wheel.Schedule(T0() + milliseconds(120), [&] { fired.push_back("a"); });
  wheel.Schedule(T0() + milliseconds(360), [&] { fired.push_back("c"); });
  EXPECT_EQ(wheel.Advance(T0() + milliseconds(119)), 0u);
  EXPECT_EQ(wheel.Advance(T0() + milliseconds(120)), 1u);
  EXPECT_EQ(wheel.Advance(T0() + milliseconds(349)), 0u);
  EXPECT_EQ(wheel.Advance(T0() + milliseconds(1000)), 2u);
  EXPECT_EQ(fired, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(wheel.pending(), 0u);
}

TEST(TimerWheelTest, DeadlineLaterInTheCurrentTickIsNotSkipped) {
  TimerWheel wheel(T0(), milliseconds(100), 8);
  int fired = 0;
  wheel.Advance(T0() + milliseconds(210));
  wheel.Schedule(T0() + milliseconds(280), [&] { ++fired; });
  wheel.Advance(T0() + milliseconds(250));
  EXPECT_EQ(fired, 0);
  wheel.Advance(T0() + milliseconds(300));
  EXPECT_EQ(fired, 1);
}

TEST(TimerWheelTest, TimersMoreThanOneTurnAheadWaitForTheirRound) {
  TimerWheel wheel(T0(), milliseconds(10), 4);  // one turn = 40 ms
  int fired = 0;
  wheel.Schedule(T0() + milliseconds(105), [&] { ++fired; });
  for (int ms = 0; ms < 105; ms += 5) wheel.Advance(T0() + milliseconds(ms));
  EXPECT_EQ(fired, 0);
  wheel.Advance(T0() + milliseconds(110));
  EXPECT_EQ(fired, 1);
}

TEST(TimerWheelTest, LongJumpFiresEverythingDue) {
  TimerWheel wheel(T0(), milliseconds(10), 4);
  int fired = 0;
  for (int i = 1; i <= 50; ++i) wheel.Schedule(T0() + milliseconds(i * 7), [&] { ++fired; });
  wheel.Schedule(T0() + std::chrono::hours(1), [&] { fired += 1000; });
  EXPECT_EQ(wheel.Advance(T0() + milliseconds(400)), 50u);
  EXPECT_EQ(fired, 50);
  EXPECT_EQ(wheel.pending(), 1u);
}

TEST(TimerWheelTest, CancelledTimersDoNotFire) {
  TimerWheel wheel(T0(), milliseconds(100), 16);
  int fired = 0;
  auto id = wheel.Schedule(T0() + milliseconds(200), [&] { ++fired; });
  EXPECT_TRUE(wheel.Cancel(id));
  EXPECT_FALSE(wheel.Cancel(id));
  EXPECT_FALSE(wheel.Cancel(TimerWheel::kNoTimer));
  wheel.Advance(T0() + milliseconds(500));
  EXPECT_EQ(fired, 0);
}

TEST(TimerWheelTest, PastDeadlineFiresOnTheNextAdvanceAndCallbacksMayReschedule) {
  TimerWheel wheel(T0(), milliseconds(100), 16);
  wheel.Advance(T0() + milliseconds(1000));
  int fired = 0;
  std::function<void()> again = [&] {
    if (++fired < 3) wheel.Schedule(T0() + milliseconds(1000 + fired * 100), again);
  };
  wheel.Schedule(T0(), again);
  wheel.Advance(T0() + milliseconds(1000));
  EXPECT_EQ(fired, 1);
  wheel.Advance(T0() + milliseconds(1100));
  wheel.Advance(T0() + milliseconds(1200));
  EXPECT_EQ(fired, 3);
}

}  // namespace
}  // namespace mxedge::irc_worker
