#pragma once
// Time behind an interface, so leases, timeouts and backoff are testable with a FakeClock.
#include <chrono>
#include <cstdint>

namespace mxedge::common {

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time (timestamps, heartbeats stored in Redis).
  virtual std::chrono::system_clock::time_point Now() const = 0;
  // Monotonic time (timeouts, backoff, latency).
  virtual std::chrono::steady_clock::time_point SteadyNow() const = 0;

  int64_t NowUnixMs() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Now().time_since_epoch()).count();
  }
};

class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override {
    return std::chrono::system_clock::now();
  }
  std::chrono::steady_clock::time_point SteadyNow() const override {
    return std::chrono::steady_clock::now();
  }
  // The process-wide instance.
  static SystemClock& Instance();
};

}  // namespace mxedge::common
