#include "delivery_records.hpp"

#include <gtest/gtest.h>

#include "mxedge/ownership/redis_idempotency_store.hpp"
#include "redis_test_env.hpp"

namespace mxedge::irc_worker {
namespace {

TEST(RedisDeliveryRecordsTest, RecordsLiveSevenDaysInRedis) {
  RedisTestKeys env;
  ownership::RedisIdempotencyStore store(env.client());
  DeliveryRecords records(store, env.keys());
  EXPECT_FALSE(records.WasSent("$event1").value());
  ASSERT_TRUE(records.RecordSent("$event1").ok());
  EXPECT_TRUE(records.WasSent("$event1").value());
  EXPECT_EQ(redis::Get(env.client(), env.keys().Sent("$event1")).value(), "done");
  const int64_t pttl = env.PTtl(env.keys().Sent("$event1"));
  EXPECT_GT(pttl, kSentRecordTtl.count() - 60'000);
  EXPECT_LE(pttl, kSentRecordTtl.count());
}

}  // namespace
}  // namespace mxedge::irc_worker
