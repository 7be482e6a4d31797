#pragma once
// A common::Clock whose time moves only when a test moves it. Thread-safe: code under test may
// read it from its own threads while the test advances it.
#include <chrono>
#include <cstdint>
#include <mutex>

#include "mxedge/common/clock.hpp"

namespace mxedge::testing {

class FakeClock final : public common::Clock {
 public:
  // Wall time starts at kDefaultStartUnixMs; steady time starts one hour past the steady epoch,
  // so subtracting a timeout from it never underflows.
  static constexpr int64_t kDefaultStartUnixMs = 1'767'225'600'000;  // 2026-01-01T00:00:00Z

  FakeClock();
  explicit FakeClock(std::chrono::system_clock::time_point wall_start);

  FakeClock(const FakeClock&) = delete;
  FakeClock& operator=(const FakeClock&) = delete;

  std::chrono::system_clock::time_point Now() const override;
  std::chrono::steady_clock::time_point SteadyNow() const override;

  // Moves wall and steady time forward together. A negative duration is a bug in the test.
  void Advance(std::chrono::nanoseconds by);
  // Sets wall time only; it may jump backwards, as a real wall clock can.
  void SetNow(std::chrono::system_clock::time_point now);
  void SetNowUnixMs(int64_t unix_ms);
  // Sets steady time; it must never move backwards.
  void SetSteadyNow(std::chrono::steady_clock::time_point now);

 private:
  mutable std::mutex mu_;
  std::chrono::system_clock::time_point wall_;
  std::chrono::steady_clock::time_point steady_;
};

}  // namespace mxedge::testing
