#include "lag_meter.hpp"

#include <algorithm>

namespace mxedge::irc_worker {

void LagMeter::PongReceived(TimePoint at) {
  if (!ping_at_) {
    return;
  }
  // A steady clock never goes back; a PONG "before" its PING can only be a caller's mistake in
  // ordering, and counts as zero rather than a negative lag.
  const auto rtt = std::max(std::chrono::steady_clock::duration::zero(), at - *ping_at_);
  ping_at_.reset();
  last_ = std::chrono::duration_cast<std::chrono::milliseconds>(rtt);
  total_ += std::chrono::duration_cast<std::chrono::microseconds>(rtt);
  ++samples_;
}

std::optional<std::chrono::milliseconds> LagMeter::average() const {
  if (samples_ == 0) {
    return std::nullopt;
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(total_ /
                                                               static_cast<std::int64_t>(samples_));
}

}  // namespace mxedge::irc_worker
