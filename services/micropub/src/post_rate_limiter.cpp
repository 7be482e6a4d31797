#include "post_rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace mxedge::micropub {

PostRateLimiter::PostRateLimiter(const common::Clock& clock, PostRateOptions options)
    : clock_(clock),
      options_(options),
      per_ms_(static_cast<double>(std::max(options.posts_per_hour, 1)) / 3'600'000.0) {
  options_.burst = std::max(options_.burst, 1);
}

double PostRateLimiter::Refilled(const Bucket& bucket,
                                 std::chrono::steady_clock::time_point now) const {
  const double elapsed_ms =
      std::chrono::duration<double, std::milli>(
          std::max(now - bucket.updated, std::chrono::steady_clock::duration::zero()))
          .count();
  return std::min(static_cast<double>(options_.burst), bucket.tokens + elapsed_ms * per_ms_);
}

void PostRateLimiter::DropFullBuckets(std::chrono::steady_clock::time_point now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    if (Refilled(it->second, now) >= options_.burst) {
      it = buckets_.erase(it);
    } else {
      ++it;
    }
  }
}

RateDecision PostRateLimiter::TryTake(std::string_view user) {
  const std::chrono::steady_clock::time_point now = clock_.SteadyNow();
  std::lock_guard lock(mu_);
  auto it = buckets_.find(user);
  if (it == buckets_.end()) {
    if (buckets_.size() >= options_.max_tracked_users) {
      DropFullBuckets(now);
    }
    it =
        buckets_.emplace(std::string(user), Bucket{static_cast<double>(options_.burst), now}).first;
  }
  Bucket& bucket = it->second;
  bucket.tokens = Refilled(bucket, now);
  bucket.updated = now;
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return {};
  }
  const double missing_ms = (1.0 - bucket.tokens) / per_ms_;
  return {false, std::chrono::milliseconds(static_cast<int64_t>(std::ceil(missing_ms - 1e-6)))};
}

}  // namespace mxedge::micropub
