#include "mxedge/testing/fake_clock.hpp"

#include "mxedge/common/check.hpp"

namespace mxedge::testing {

FakeClock::FakeClock()
    : FakeClock(
          std::chrono::system_clock::time_point(std::chrono::milliseconds(kDefaultStartUnixMs))) {}

FakeClock::FakeClock(std::chrono::system_clock::time_point wall_start)
    : wall_(wall_start), steady_(std::chrono::steady_clock::time_point(std::chrono::hours(1))) {}

std::chrono::system_clock::time_point FakeClock::Now() const {
  std::lock_guard lock(mu_);
  return wall_;
}

std::chrono::steady_clock::time_point FakeClock::SteadyNow() const {
  std::lock_guard lock(mu_);
  return steady_;
}

void FakeClock::Advance(std::chrono::nanoseconds by) {
  MXEDGE_CHECK(by.count() >= 0);
  std::lock_guard lock(mu_);
  wall_ += std::chrono::duration_cast<std::chrono::system_clock::duration>(by);
  steady_ += std::chrono::duration_cast<std::chrono::steady_clock::duration>(by);
}

void FakeClock::SetNow(std::chrono::system_clock::time_point now) {
  std::lock_guard lock(mu_);
  wall_ = now;
}

void FakeClock::SetNowUnixMs(int64_t unix_ms) {
  SetNow(std::chrono::system_clock::time_point(std::chrono::milliseconds(unix_ms)));
}

void FakeClock::SetSteadyNow(std::chrono::steady_clock::time_point now) {
  std::lock_guard lock(mu_);
  MXEDGE_CHECK(now >= steady_);
  steady_ = now;
}

}  // namespace mxedge::testing
