#pragma once
// ReconnectPolicy: how long to wait before the next connect attempt. Jittered exponential backoff
// ("full jitter": a uniform delay between half and all of min(cap, base * 2^attempt)), so
// thousands of connections dropped together do not return together. A throttled close waits at
// least `throttled_min`. Reasons that are not retryable (banned, too many connections, refused
// SASL, a local close) give no delay at all.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

#include "connection_events.hpp"

namespace mxedge::irc_worker {

struct ReconnectSettings {
  std::chrono::milliseconds base{1000};
  std::chrono::milliseconds cap{300'000};
  std::chrono::milliseconds throttled_min{20'000};
};

class ReconnectPolicy {
 public:
  // `uniform01` returns a value in [0, 1); tests pass a fixed sequence.
  ReconnectPolicy(const ReconnectSettings& settings, std::function<double()> uniform01);
  // Seeds its own generator.
  explicit ReconnectPolicy(const ReconnectSettings& settings);

  // The delay before attempt number `attempt` (1 for the first retry) after a close for `reason`,
  // or nullopt when `reason` is not retried.
  std::optional<std::chrono::milliseconds> NextDelay(CloseReason reason, int attempt) const;

  // The un-jittered ceiling for `attempt`: min(cap, base * 2^(attempt-1)).
  std::chrono::milliseconds Ceiling(int attempt) const;

  const ReconnectSettings& settings() const { return settings_; }

 private:
  ReconnectSettings settings_;
  std::function<double()> uniform01_;
};

}  // namespace mxedge::irc_worker
