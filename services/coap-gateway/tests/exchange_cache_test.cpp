#include "exchange_cache.hpp"

#include <chrono>

#include "gtest/gtest.h"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::coap_gateway {
namespace {

using std::chrono::seconds;

OutboundMessage Reply(std::string payload) {
  return OutboundMessage{msc3079::kCoapContent, {{kOptionContentFormat, "<"}}, std::move(payload)};
}

TEST(ExchangeCacheTest, FirstSightingIsNewThenInProgress) {
  testing::FakeClock clock;
  ExchangeCache cache(clock);
  EXPECT_EQ(cache.Begin(1, 100).state, ExchangeCache::State::kNew);
  ExchangeCache::Lookup again = cache.Begin(1, 100);
  EXPECT_EQ(again.state, ExchangeCache::State::kInProgress);
  EXPECT_FALSE(again.reply.has_value());
  EXPECT_EQ(cache.stats().in_progress_hits, 1u);
}

TEST(ExchangeCacheTest, DuplicateOfCompletedExchangeGetsSameReply) {
  testing::FakeClock clock;
  ExchangeCache cache(clock);
  ASSERT_EQ(cache.Begin(1, 100).state, ExchangeCache::State::kNew);
  EXPECT_TRUE(cache.Complete(1, 100, Reply("answer")));
  ExchangeCache::Lookup duplicate = cache.Begin(1, 100);
  EXPECT_EQ(duplicate.state, ExchangeCache::State::kDone);
  ASSERT_TRUE(duplicate.reply.has_value());
  EXPECT_EQ(*duplicate.reply, Reply("answer"));
  EXPECT_EQ(cache.Begin(1, 100).state, ExchangeCache::State::kDone);
  EXPECT_EQ(cache.stats().done_hits, 2u);
}

TEST(ExchangeCacheTest, SessionsAndMessageIdsAreSeparate) {
  testing::FakeClock clock;
  ExchangeCache cache(clock);
  EXPECT_EQ(cache.Begin(1, 100).state, ExchangeCache::State::kNew);
  EXPECT_EQ(cache.Begin(2, 100).state, ExchangeCache::State::kNew);
  EXPECT_EQ(cache.Begin(1, 101).state, ExchangeCache::State::kNew);
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_EQ(cache.SessionSize(1), 2u);
}

TEST(ExchangeCacheTest, CompleteOfUnknownExchangeStoresNothing) {
  testing::FakeClock clock;
  ExchangeCache cache(clock);
  EXPECT_FALSE(cache.Complete(1, 5, Reply("x")));
  EXPECT_EQ(cache.size(), 0u);
}

TEST(ExchangeCacheTest, EntriesExpireAfterExchangeLifetime) {
  testing::FakeClock clock;
  ExchangeCache cache(clock);
  ASSERT_EQ(cache.Begin(1, 100).state, ExchangeCache::State::kNew);
  cache.Complete(1, 100, Reply("old"));
  clock.Advance(seconds(246));
  EXPECT_EQ(cache.Begin(1, 100).state, ExchangeCache::State::kDone);
  clock.Advance(seconds(1));
  EXPECT_EQ(cache.Begin(1, 100).state, ExchangeCache::State::kNew);
  EXPECT_EQ(cache.stats().expired, 1u);
}

TEST(ExchangeCacheTest, LifetimeCountsFromFirstSightingNotCompletion) {
  testing::FakeClock clock;
  ExchangeCache cache(clock, ExchangeCacheLimits{seconds(10), 64, 1000});
  cache.Begin(1, 1);
  clock.Advance(seconds(8));
  cache.Complete(1, 1, Reply("late"));
  clock.Advance(seconds(2));
  EXPECT_EQ(cache.Begin(1, 1).state, ExchangeCache::State::kNew);
}

TEST(ExchangeCacheTest, CompleteAfterExpiryIsRefused) {
  testing::FakeClock clock;
  ExchangeCache cache(clock, ExchangeCacheLimits{seconds(10), 64, 1000});
  cache.Begin(1, 1);
  clock.Advance(seconds(10));
  EXPECT_FALSE(cache.Complete(1, 1, Reply("late")));
  EXPECT_EQ(cache.size(), 0u);
}

TEST(ExchangeCacheTest, PerSessionCapEvictsThatSessionsOldest) {
  testing::FakeClock clock;
  ExchangeCache cache(clock, ExchangeCacheLimits{seconds(247), 2, 1000});
  cache.Begin(2, 7);
  cache.Begin(1, 1);
  cache.Begin(1, 2);
  cache.Begin(1, 3);
  EXPECT_EQ(cache.SessionSize(1), 2u);
  EXPECT_EQ(cache.stats().evicted, 1u);
  EXPECT_EQ(cache.Begin(2, 7).state, ExchangeCache::State::kInProgress);
  EXPECT_EQ(cache.Begin(1, 2).state, ExchangeCache::State::kInProgress);
  EXPECT_EQ(cache.Begin(1, 1).state, ExchangeCache::State::kNew);
}

TEST(ExchangeCacheTest, TotalCapEvictsGloballyOldest) {
  testing::FakeClock clock;
  ExchangeCache cache(clock, ExchangeCacheLimits{seconds(247), 10, 3});
  cache.Begin(1, 1);
  cache.Begin(2, 1);
  cache.Begin(3, 1);
  cache.Begin(4, 1);
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_EQ(cache.SessionSize(1), 0u);
  EXPECT_EQ(cache.stats().evicted, 1u);
  EXPECT_EQ(cache.Begin(2, 1).state, ExchangeCache::State::kInProgress);
}

TEST(ExchangeCacheTest, ForgetRemovesOneEntry) {
  testing::FakeClock clock;
  ExchangeCache cache(clock);
  cache.Begin(1, 1);
  cache.Begin(1, 2);
  cache.Forget(1, 1);
  cache.Forget(1, 99);
  EXPECT_EQ(cache.Begin(1, 1).state, ExchangeCache::State::kNew);
  EXPECT_EQ(cache.Begin(1, 2).state, ExchangeCache::State::kInProgress);
}

TEST(ExchangeCacheTest, DropSessionRemovesOnlyThatSession) {
  testing::FakeClock clock;
  ExchangeCache cache(clock);
  cache.Begin(1, 1);
  cache.Begin(1, 2);
  cache.Begin(2, 1);
  cache.DropSession(1);
  cache.DropSession(42);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.SessionSize(1), 0u);
  EXPECT_FALSE(cache.Complete(1, 1, Reply("gone")));
  EXPECT_EQ(cache.Begin(2, 1).state, ExchangeCache::State::kInProgress);
}

}  // namespace
}  // namespace mxedge::coap_gateway
