#pragma once
// LagMeter: PING→PONG round trips of one connection. The connection reports when it sent a
// PING of its own and when a PONG came back; the meter keeps the last round trip and a running
// average. A PONG without an outstanding PING (an unsolicited one) is ignored; a new PING before
// the PONG restarts the measurement. Pure: times are passed in.
#include <chrono>
#include <cstdint>
#include <optional>

namespace mxedge::irc_worker {

class LagMeter {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  void PingSent(TimePoint at) { ping_at_ = at; }
  // Completes the outstanding measurement, if any.
  void PongReceived(TimePoint at);
  // Forgets the outstanding PING (the connection closed); samples are kept.
  void Abandon() { ping_at_.reset(); }

  // The last round trip; nullopt before the first.
  std::optional<std::chrono::milliseconds> last() const { return last_; }
  // The mean over every round trip measured; nullopt before the first.
  std::optional<std::chrono::milliseconds> average() const;
  std::uint64_t samples() const { return samples_; }

 private:
  std::optional<TimePoint> ping_at_;
  std::optional<std::chrono::milliseconds> last_;
  std::chrono::microseconds total_{0};
  std::uint64_t samples_ = 0;
};

}  // namespace mxedge::irc_worker
