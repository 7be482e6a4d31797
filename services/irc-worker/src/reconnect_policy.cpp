#include "reconnect_policy.hpp"

#include <algorithm>
#include <memory>
#include <mutex>
#include <random>

#include "mxedge/common/check.hpp"

namespace mxedge::irc_worker {

ReconnectPolicy::ReconnectPolicy(const ReconnectSettings& settings,
                                 std::function<double()> uniform01)
    : settings_(settings), uniform01_(std::move(uniform01)) {
  MXEDGE_CHECK(settings_.base.count() > 0);
  MXEDGE_CHECK(settings_.cap >= settings_.base);
}

ReconnectPolicy::ReconnectPolicy(const ReconnectSettings& settings)
    : ReconnectPolicy(settings, [state = std::make_shared<std::pair<std::mutex, std::mt19937_64>>(
                                     std::piecewise_construct, std::forward_as_tuple(),
                                     std::forward_as_tuple(std::random_device{}()))]() {
        std::lock_guard lock(state->first);
        return std::uniform_real_distribution<double>(0.0, 1.0)(state->second);
      }) {}

std::chrono::milliseconds ReconnectPolicy::Ceiling(int attempt) const {
  const int shift = std::clamp(attempt - 1, 0, 30);
  const int64_t base = settings_.base.count();
  const int64_t cap = settings_.cap.count();
  if (base > (cap >> shift)) return settings_.cap;
  return std::chrono::milliseconds(std::min(cap, base << shift));
}

std::optional<std::chrono::milliseconds> ReconnectPolicy::NextDelay(CloseReason reason,
                                                                    int attempt) const {
  if (!IsRetryable(reason)) return std::nullopt;
  const auto ceiling = Ceiling(attempt);
  const double u = std::clamp(uniform01_(), 0.0, 1.0);
  auto delay = std::chrono::milliseconds(
      static_cast<int64_t>(ceiling.count() / 2.0 + u * (ceiling.count() / 2.0)));
  if (reason == CloseReason::kThrottled) delay = std::max(delay, settings_.throttled_min);
  return delay;
}

}  // namespace mxedge::irc_worker
