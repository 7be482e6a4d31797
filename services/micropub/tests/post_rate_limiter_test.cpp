#include "post_rate_limiter.hpp"

#include <gtest/gtest.h>

#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::micropub {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

PostRateOptions Options(int per_hour, int burst) {
  PostRateOptions options;
  options.posts_per_hour = per_hour;
  options.burst = burst;
  return options;
}

TEST(PostRateLimiterTest, ABurstIsAllowedThenRefused) {
  mxedge::testing::FakeClock clock;
  PostRateLimiter limiter(clock, Options(60, 3));
  EXPECT_TRUE(limiter.TryTake("@a:hs").allowed);
  EXPECT_TRUE(limiter.TryTake("@a:hs").allowed);
  EXPECT_TRUE(limiter.TryTake("@a:hs").allowed);
  const RateDecision refused = limiter.TryTake("@a:hs");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, milliseconds(60'000));  // 60 an hour: one a minute
}

TEST(PostRateLimiterTest, PostsComeBackAtTheHourlyRate) {
  mxedge::testing::FakeClock clock;
  PostRateLimiter limiter(clock, Options(60, 1));
  EXPECT_TRUE(limiter.TryTake("@a:hs").allowed);
  clock.Advance(seconds(30));
  const RateDecision early = limiter.TryTake("@a:hs");
  EXPECT_FALSE(early.allowed);
  EXPECT_EQ(early.retry_after, milliseconds(30'000));
  clock.Advance(seconds(30));
  EXPECT_TRUE(limiter.TryTake("@a:hs").allowed);
  EXPECT_FALSE(limiter.TryTake("@a:hs").allowed);
}

TEST(PostRateLimiterTest, ABucketNeverHoldsMoreThanTheBurst) {
  mxedge::testing::FakeClock clock;
  PostRateLimiter limiter(clock, Options(3600, 2));
  EXPECT_TRUE(limiter.TryTake("@a:hs").allowed);
  clock.Advance(std::chrono::hours(10));
  EXPECT_TRUE(limiter.TryTake("@a:hs").allowed);
  EXPECT_TRUE(limiter.TryTake("@a:hs").allowed);
  EXPECT_FALSE(limiter.TryTake("@a:hs").allowed);
}

TEST(PostRateLimiterTest, UsersHaveTheirOwnBuckets) {
  mxedge::testing::FakeClock clock;
  PostRateLimiter limiter(clock, Options(1, 1));
  EXPECT_TRUE(limiter.TryTake("@a:hs").allowed);
  EXPECT_FALSE(limiter.TryTake("@a:hs").allowed);
  EXPECT_TRUE(limiter.TryTake("@b:hs").allowed);
}

TEST(PostRateLimiterTest, DroppingFullBucketsKeepsTheLimitOfBusyUsers) {
  mxedge::testing::FakeClock clock;
  PostRateOptions options = Options(60, 1);
  options.max_tracked_users = 2;
  PostRateLimiter limiter(clock, options);
  EXPECT_TRUE(limiter.TryTake("@busy:hs").allowed);
  EXPECT_TRUE(limiter.TryTake("@idle:hs").allowed);
  clock.Advance(seconds(59));
  // A third user makes the table prune: nobody's bucket is full yet, so nobody is forgotten.
  EXPECT_TRUE(limiter.TryTake("@new:hs").allowed);
  EXPECT_FALSE(limiter.TryTake("@busy:hs").allowed);
}

}  // namespace
}  // namespace mxedge::micropub
