#include "delivery_records.hpp"

#include <gtest/gtest.h>

#include "mxedge/ownership/in_memory_idempotency_store.hpp"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::irc_worker {
namespace {

using namespace std::chrono_literals;

TEST(DeliveryRecordsTest, RecordsAnEventForSevenDays) {
  mxedge::testing::FakeClock clock;
  ownership::InMemoryIdempotencyStore store(clock);
  DeliveryRecords records(store, IrcKeys("p:"));
  EXPECT_FALSE(records.WasSent("$event1").value());
  ASSERT_TRUE(records.RecordSent("$event1").ok());
  EXPECT_TRUE(records.WasSent("$event1").value());
  EXPECT_FALSE(records.WasSent("$event2").value());
  EXPECT_EQ(store.RemainingTtl("p:irc:sent:$event1"), std::optional(kSentRecordTtl));
  clock.Advance(kSentRecordTtl);
  EXPECT_FALSE(records.WasSent("$event1").value());
}

TEST(DeliveryRecordsTest, APendingRecordIsNotSent) {
  mxedge::testing::FakeClock clock;
  ownership::InMemoryIdempotencyStore store(clock);
  DeliveryRecords records(store, IrcKeys("p:"));
  ASSERT_TRUE(store.TryBegin("p:irc:sent:$e", "worker-a", 1min).ok());
  EXPECT_FALSE(records.WasSent("$e").value());
}

TEST(DeliveryRecordsTest, RejectsInvalidEventIdsAndCorruptRecords) {
  mxedge::testing::FakeClock clock;
  ownership::InMemoryIdempotencyStore store(clock);
  DeliveryRecords records(store, IrcKeys("p:"));
  EXPECT_EQ(records.RecordSent("").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(records.WasSent("$a b").status().code(), absl::StatusCode::kInvalidArgument);
  store.SetRawForTesting("p:irc:sent:$bad", "garbage");
  EXPECT_EQ(records.WasSent("$bad").status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace mxedge::irc_worker
