#pragma once
// FloodQueue: the outgoing lines of one connection behind a token bucket, so a puppet never sends
// faster than the network allows. Lines leave in order; each carries a completion called with OK
// once the line is written, or with an error when it is dropped or the connection closes first.
// PONG and registration lines do not pass through here: the connection writes them at once.
//
// Time is passed in by the caller, so the rate is testable without a clock.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace mxedge::irc_worker {

struct FloodSettings {
  double lines_per_second = 2.0;  // sustained rate (> 0)
  int burst = 5;                  // lines that may leave at once after a quiet period (>= 1)
  std::size_t max_queued = 256;   // lines waiting; more are refused and counted as drops
};

// Called once per line: OK when written to the socket, an error status when it was not.
using LineDone = std::function<void(const absl::Status&)>;

struct QueuedLine {
  std::string line;  // without CRLF
  LineDone done;     // may be empty
};

class FloodQueue {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  // InvalidArgument-free by construction: settings are validated by the config loader;
  // a non-positive rate or burst is a bug (MXEDGE_CHECK).
  FloodQueue(const FloodSettings& settings, TimePoint now);

  // Queues `line`. ResourceExhaustedError (and `done` is not called) when max_queued lines wait.
  absl::Status Push(std::string line, LineDone done);

  // Removes and returns the lines the bucket allows at `now`, oldest first.
  std::vector<QueuedLine> TakeReady(TimePoint now);

  // When the next queued line may leave, or nullopt when nothing waits.
  std::optional<TimePoint> NextReadyAt(TimePoint now) const;

  // Completes every waiting line with `status` and empties the queue (the connection closed).
  void FailAll(const absl::Status& status);

  // Refills the bucket to `burst` (a new connection starts with a full bucket).
  void Reset(TimePoint now);

  std::size_t depth() const { return queue_.size(); }
  std::uint64_t dropped() const { return dropped_; }
  std::uint64_t sent() const { return sent_; }
  const FloodSettings& settings() const { return settings_; }

 private:
  void Refill(TimePoint now);

  FloodSettings settings_;
  double tokens_;
  TimePoint last_refill_;
  std::list<QueuedLine> queue_;  // a list: no allocation while empty
  std::uint64_t dropped_ = 0;
  std::uint64_t sent_ = 0;
};

}  // namespace mxedge::irc_worker
