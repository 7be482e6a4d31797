#include "in_memory_line_records.hpp"

#include <gtest/gtest.h>

#include "line_records_contract.hpp"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::irc_worker {
namespace {

using namespace std::chrono_literals;

class InMemoryLineRecordsEnv {
 public:
  LineRecords& records() { return records_; }

 private:
  mxedge::testing::FakeClock clock_;
  InMemoryLineRecords records_{clock_};
};

INSTANTIATE_TYPED_TEST_SUITE_P(InMemoryLineRecords, LineRecordsContractTest,
                               InMemoryLineRecordsEnv);

TEST(InMemoryLineRecordsTest, RecordsExpireAfterTenMinutesAndDoneKeepsTheTtl) {
  mxedge::testing::FakeClock clock;
  InMemoryLineRecords records(clock);
  ASSERT_TRUE(records.TryBegin("libera", "h:1", "worker-a", "p").ok());
  clock.Advance(9min);
  ASSERT_TRUE(records.MarkDone("libera", "h:1", "worker-a").ok());
  EXPECT_EQ(records.RecordForTesting("libera", "h:1"), "done");
  clock.Advance(1min);
  EXPECT_EQ(records.RecordForTesting("libera", "h:1"), std::nullopt);
  EXPECT_EQ(records.TryBegin("libera", "h:1", "worker-a", "p").value().outcome,
            LineBegin::Outcome::kStarted);
}

TEST(InMemoryLineRecordsTest, AnExpiredPendingLineIsNoLongerListed) {
  mxedge::testing::FakeClock clock;
  InMemoryLineRecords records(clock);
  ASSERT_TRUE(records.TryBegin("libera", "h:1", "worker-a", "p").ok());
  clock.Advance(10min);
  EXPECT_TRUE(records.ListPending("libera", "worker-a").value().empty());
  EXPECT_FALSE(records.TakeOver("libera", "h:1", "worker-a", "worker-b").value());
}

}  // namespace
}  // namespace mxedge::irc_worker
