#include "mxedge/ownership/idempotency_record.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mxedge::ownership {
namespace {

TEST(ParseIdempotencyRecordTest, ParsesDone) {
  absl::StatusOr<IdempotencyRecord> record = ParseIdempotencyRecord("done");
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_TRUE(record->done());
  EXPECT_EQ(record->ToString(), "done");
}

TEST(ParseIdempotencyRecordTest, ParsesPendingWithHolder) {
  absl::StatusOr<IdempotencyRecord> record = ParseIdempotencyRecord("pending:worker-3");
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(*record, IdempotencyRecord::Pending("worker-3"));
  EXPECT_EQ(record->ToString(), "pending:worker-3");
}

TEST(ParseIdempotencyRecordTest, RejectsEveryMalformedClass) {
  for (const std::string bad : {"", "DONE", "done ", "pending", "pending:", "pending:a:b",
                                "pending:a b", "pend:w", "pending:w\n", "something"}) {
    absl::StatusOr<IdempotencyRecord> record = ParseIdempotencyRecord(bad);
    EXPECT_EQ(record.status().code(), absl::StatusCode::kInvalidArgument) << '"' << bad << '"';
  }
}

}  // namespace
}  // namespace mxedge::ownership
