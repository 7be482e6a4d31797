#pragma once
// Per-user limit on posts: a token bucket per Matrix user, refilled at `posts_per_hour` and
// holding at most `burst` posts. Kept in memory (one bucket per user of this process); buckets
// that have refilled completely are dropped when the table grows. Thread-safe.
#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "mxedge/common/clock.hpp"

namespace mxedge::micropub {

struct PostRateOptions {
  int posts_per_hour = 120;
  int burst = 20;
  size_t max_tracked_users = 10'000;  // table size that triggers dropping full buckets
};

struct RateDecision {
  bool allowed = true;
  std::chrono::milliseconds retry_after{0};  // when refused: until one post is available
};

class PostRateLimiter {
 public:
  // posts_per_hour and burst must be ≥ 1 (the config schema enforces it).
  PostRateLimiter(const common::Clock& clock, PostRateOptions options);

  // Takes one post from the user's bucket when there is one.
  RateDecision TryTake(std::string_view user);

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point updated;
  };
  double Refilled(const Bucket& bucket, std::chrono::steady_clock::time_point now) const;
  void DropFullBuckets(std::chrono::steady_clock::time_point now);

  const common::Clock& clock_;
  PostRateOptions options_;
  double per_ms_;  // tokens gained per millisecond
  std::mutex mu_;
  std::map<std::string, Bucket, std::less<>> buckets_;
};

}  // namespace mxedge::micropub
