#pragma once
// The contract of LineRecords, instantiated on the in-memory records and on real Redis. An Env
// type provides LineRecords& records().
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "line_records.hpp"

namespace mxedge::irc_worker {

template <typename Env>
class LineRecordsContractTest : public ::testing::Test {
 protected:
  LineRecords& records() { return env_.records(); }
  Env env_;
};

TYPED_TEST_SUITE_P(LineRecordsContractTest);

TYPED_TEST_P(LineRecordsContractTest, ALineIsBridgedOnce) {
  using Outcome = LineBegin::Outcome;
  EXPECT_EQ(this->records().TryBegin("libera", "h:1", "worker-a", "payload").value(),
            (LineBegin{Outcome::kStarted, ""}));
  // Another receiver (or a replay) sees it in flight.
  EXPECT_EQ(this->records().TryBegin("libera", "h:1", "worker-b", "payload").value(),
            (LineBegin{Outcome::kPending, "worker-a"}));
  ASSERT_TRUE(this->records().MarkDone("libera", "h:1", "worker-a").ok());
  EXPECT_EQ(this->records().TryBegin("libera", "h:1", "worker-b", "payload").value(),
            (LineBegin{Outcome::kDone, ""}));
  EXPECT_THAT(this->records().ListPending("libera", "worker-a").value(), ::testing::IsEmpty());
  // Networks are separate.
  EXPECT_EQ(this->records().TryBegin("oftc", "h:1", "worker-a", "payload").value().outcome,
            Outcome::kStarted);
}

TYPED_TEST_P(LineRecordsContractTest, ADeadWorkersPendingLinesAreTakenOverOnce) {
  for (const char* key : {"h:3", "h:1", "h:2"}) {
    ASSERT_TRUE(
        this->records().TryBegin("libera", key, "worker-a", std::string("body of ") + key).ok());
  }
  ASSERT_TRUE(this->records().MarkDone("libera", "h:2", "worker-a").ok());
  EXPECT_THAT(
      this->records().ListPending("libera", "worker-a").value(),
      ::testing::ElementsAre(PendingLine{"h:1", "body of h:1"}, PendingLine{"h:3", "body of h:3"}));

  EXPECT_TRUE(this->records().TakeOver("libera", "h:1", "worker-a", "worker-b").value());
  EXPECT_FALSE(this->records().TakeOver("libera", "h:1", "worker-a", "worker-c").value());
  EXPECT_FALSE(this->records().TakeOver("libera", "h:2", "worker-a", "worker-c").value());
  EXPECT_FALSE(this->records().TakeOver("libera", "h:9", "worker-a", "worker-c").value());
  EXPECT_THAT(this->records().ListPending("libera", "worker-a").value(),
              ::testing::ElementsAre(PendingLine{"h:3", "body of h:3"}));
  EXPECT_THAT(this->records().ListPending("libera", "worker-b").value(),
              ::testing::ElementsAre(PendingLine{"h:1", "body of h:1"}));
  EXPECT_EQ(this->records().TryBegin("libera", "h:1", "worker-c", "x").value(),
            (LineBegin{LineBegin::Outcome::kPending, "worker-b"}));
  ASSERT_TRUE(this->records().MarkDone("libera", "h:1", "worker-b").ok());
  EXPECT_THAT(this->records().ListPending("libera", "worker-b").value(), ::testing::IsEmpty());
}

TYPED_TEST_P(LineRecordsContractTest, RejectsInvalidArguments) {
  EXPECT_EQ(this->records().TryBegin("libera", "", "worker-a", "p").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->records().TryBegin("libera", "h:1", "bad:id", "p").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->records()
                .TryBegin("libera", "h:1", "worker-a", std::string(kMaxLinePayloadBytes + 1, 'x'))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->records().ListPending("", "worker-a").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->records().TakeOver("libera", "h:1", "worker-a", "").status().code(),
            absl::StatusCode::kInvalidArgument);
}

REGISTER_TYPED_TEST_SUITE_P(LineRecordsContractTest, ALineIsBridgedOnce,
                            ADeadWorkersPendingLinesAreTakenOverOnce, RejectsInvalidArguments);

}  // namespace mxedge::irc_worker
