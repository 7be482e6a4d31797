#pragma once
// The contract of IdempotencyStore, as one type-parameterised suite instantiated for every
// implementation (in-memory fake: unit; Redis: integration). An Env type provides:
//   IdempotencyStore& store();                     shared, thread-safe
//   std::string Key(std::string_view name);        unique to the test
//   void LetExpire(const std::string& key, std::chrono::milliseconds ttl);
//       returns once the record at `key`, last written with `ttl`, has expired
//   std::optional<std::chrono::milliseconds> RemainingTtl(const std::string& key);
//       as PTTL: nullopt = absent, zero = no expiry
//   void SetRaw(const std::string& key, const std::string& value);
//   static constexpr std::chrono::milliseconds kShortTtl;  short enough to wait out
//   static constexpr std::chrono::milliseconds kLongTtl;   never runs out during a test
#include <gtest/gtest.h>

#include <chrono>
#include <latch>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "mxedge/ownership/idempotency_store.hpp"

namespace mxedge::ownership {

template <typename Env>
class IdempotencyStoreContractTest : public ::testing::Test {
 protected:
  IdempotencyStore& store() { return env_.store(); }

  BeginResult MustBegin(const std::string& key, std::string_view holder,
                        std::chrono::milliseconds ttl) {
    absl::StatusOr<BeginResult> result = store().TryBegin(key, holder, ttl);
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : BeginResult{};
  }

  std::optional<IdempotencyRecord> MustGet(const std::string& key) {
    absl::StatusOr<std::optional<IdempotencyRecord>> record = store().Get(key);
    EXPECT_TRUE(record.ok()) << record.status();
    return record.ok() ? *record : std::nullopt;
  }

  Env env_;
};

TYPED_TEST_SUITE_P(IdempotencyStoreContractTest);

using Outcome = BeginResult::Outcome;

TYPED_TEST_P(IdempotencyStoreContractTest, FirstBeginStartsAndRecordsThePendingHolder) {
  const std::string key = this->env_.Key("line");
  EXPECT_FALSE(this->MustGet(key).has_value());
  EXPECT_EQ(this->MustBegin(key, "worker-a", TypeParam::kLongTtl).outcome, Outcome::kStarted);
  EXPECT_EQ(this->MustGet(key), IdempotencyRecord::Pending("worker-a"));
}

TYPED_TEST_P(IdempotencyStoreContractTest, LaterBeginReportsThePendingHolder) {
  const std::string key = this->env_.Key("line");
  this->MustBegin(key, "worker-a", TypeParam::kLongTtl);
  EXPECT_EQ(this->MustBegin(key, "worker-b", TypeParam::kLongTtl),
            (BeginResult{Outcome::kPending, "worker-a"}));
  // The holder itself (e.g. restarted with the same id) is told too, and nothing changed.
  EXPECT_EQ(this->MustBegin(key, "worker-a", TypeParam::kLongTtl),
            (BeginResult{Outcome::kPending, "worker-a"}));
  EXPECT_EQ(this->MustGet(key), IdempotencyRecord::Pending("worker-a"));
}

TYPED_TEST_P(IdempotencyStoreContractTest, DoneRecordMakesEveryLaterBeginSkip) {
  const std::string key = this->env_.Key("sent");
  this->MustBegin(key, "worker-a", TypeParam::kLongTtl);
  ASSERT_TRUE(this->store().MarkDone(key, TypeParam::kLongTtl).ok());
  EXPECT_EQ(this->MustGet(key), IdempotencyRecord::Done());
  EXPECT_EQ(this->MustBegin(key, "worker-b", TypeParam::kLongTtl).outcome, Outcome::kDone);
  EXPECT_EQ(this->MustBegin(key, "worker-a", TypeParam::kLongTtl).outcome, Outcome::kDone);
  // MarkDone needs no pending record first (a sink that finished without one).
  const std::string other = this->env_.Key("other");
  ASSERT_TRUE(this->store().MarkDone(other, TypeParam::kLongTtl).ok());
  EXPECT_EQ(this->MustGet(other), IdempotencyRecord::Done());
}

TYPED_TEST_P(IdempotencyStoreContractTest, WritesTheRequestedTtls) {
  const std::string key = this->env_.Key("line");
  this->MustBegin(key, "worker-a", TypeParam::kLongTtl);
  std::optional<std::chrono::milliseconds> ttl = this->env_.RemainingTtl(key);
  ASSERT_TRUE(ttl.has_value());
  EXPECT_GT(ttl->count(), 0);
  EXPECT_LE(*ttl, TypeParam::kLongTtl);
  ASSERT_TRUE(this->store().MarkDone(key, 2 * TypeParam::kLongTtl).ok());
  ttl = this->env_.RemainingTtl(key);
  ASSERT_TRUE(ttl.has_value());
  EXPECT_GT(*ttl, TypeParam::kLongTtl);
  EXPECT_LE(*ttl, 2 * TypeParam::kLongTtl);
  ASSERT_TRUE(this->store().MarkDone(key, std::chrono::milliseconds(0)).ok());
  EXPECT_EQ(this->env_.RemainingTtl(key), std::chrono::milliseconds(0));

  const std::string forever = this->env_.Key("forever");
  this->MustBegin(forever, "worker-a", std::chrono::milliseconds(0));
  EXPECT_EQ(this->env_.RemainingTtl(forever), std::chrono::milliseconds(0));
}

TYPED_TEST_P(IdempotencyStoreContractTest, ExpiredPendingRecordLetsAnotherHolderStart) {
  const std::string key = this->env_.Key("line");
  this->MustBegin(key, "worker-a", TypeParam::kShortTtl);
  this->env_.LetExpire(key, TypeParam::kShortTtl);
  EXPECT_FALSE(this->MustGet(key).has_value());
  EXPECT_EQ(this->MustBegin(key, "worker-b", TypeParam::kLongTtl).outcome, Outcome::kStarted);
  EXPECT_EQ(this->MustGet(key), IdempotencyRecord::Pending("worker-b"));
  // The first holder can no longer abandon what is now someone else's.
  EXPECT_EQ(this->store().Abandon(key, "worker-a").code(), absl::StatusCode::kFailedPrecondition);
}

TYPED_TEST_P(IdempotencyStoreContractTest, ExpiredDoneRecordIsForgotten) {
  const std::string key = this->env_.Key("line");
  ASSERT_TRUE(this->store().MarkDone(key, TypeParam::kShortTtl).ok());
  this->env_.LetExpire(key, TypeParam::kShortTtl);
  EXPECT_FALSE(this->MustGet(key).has_value());
  EXPECT_EQ(this->MustBegin(key, "worker-a", TypeParam::kLongTtl).outcome, Outcome::kStarted);
}

TYPED_TEST_P(IdempotencyStoreContractTest, AbandonDeletesOnlyTheHoldersPendingRecord) {
  const std::string key = this->env_.Key("post");
  this->MustBegin(key, "worker-a", TypeParam::kLongTtl);
  const absl::Status refused = this->store().Abandon(key, "worker-b");
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.message().find("worker-a"), std::string::npos) << refused;
  EXPECT_EQ(this->MustGet(key), IdempotencyRecord::Pending("worker-a"));

  ASSERT_TRUE(this->store().Abandon(key, "worker-a").ok());
  EXPECT_FALSE(this->MustGet(key).has_value());
  // Abandoning what is already gone is fine; a retry starts afresh.
  EXPECT_TRUE(this->store().Abandon(key, "worker-a").ok());
  EXPECT_EQ(this->MustBegin(key, "worker-b", TypeParam::kLongTtl).outcome, Outcome::kStarted);
}

TYPED_TEST_P(IdempotencyStoreContractTest, AbandonNeverDeletesADoneRecord) {
  const std::string key = this->env_.Key("post");
  this->MustBegin(key, "worker-a", TypeParam::kLongTtl);
  ASSERT_TRUE(this->store().MarkDone(key, TypeParam::kLongTtl).ok());
  EXPECT_EQ(this->store().Abandon(key, "worker-a").code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(this->MustGet(key), IdempotencyRecord::Done());
}

TYPED_TEST_P(IdempotencyStoreContractTest, ConcurrentBeginHasExactlyOneStarter) {
  constexpr int kRounds = 10;
  constexpr int kContenders = 4;
  for (int round = 0; round < kRounds; ++round) {
    const std::string key = this->env_.Key("race-" + std::to_string(round));
    std::latch start(kContenders);
    std::vector<absl::StatusOr<BeginResult>> results(kContenders);
    std::vector<std::thread> threads;
    for (int i = 0; i < kContenders; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        results[i] =
            this->store().TryBegin(key, "worker-" + std::to_string(i), TypeParam::kLongTtl);
      });
    }
    for (auto& thread : threads) {
      thread.join();
    }
    int starters = 0;
    int starter = -1;
    for (int i = 0; i < kContenders; ++i) {
      ASSERT_TRUE(results[i].ok()) << results[i].status();
      if (results[i]->outcome == Outcome::kStarted) {
        ++starters;
        starter = i;
      }
    }
    ASSERT_EQ(starters, 1) << "round " << round;
    const std::string holder = "worker-" + std::to_string(starter);
    for (int i = 0; i < kContenders; ++i) {
      if (i != starter) {
        EXPECT_EQ(*results[i], (BeginResult{Outcome::kPending, holder}));
      }
    }
  }
}

TYPED_TEST_P(IdempotencyStoreContractTest, RejectsInvalidArguments) {
  const auto kInvalid = absl::StatusCode::kInvalidArgument;
  const std::string key = this->env_.Key("line");
  EXPECT_EQ(this->store().TryBegin("", "worker-a", TypeParam::kLongTtl).status().code(), kInvalid);
  EXPECT_EQ(this->store().TryBegin(key, "", TypeParam::kLongTtl).status().code(), kInvalid);
  EXPECT_EQ(this->store().TryBegin(key, "w:1", TypeParam::kLongTtl).status().code(), kInvalid);
  EXPECT_EQ(this->store().TryBegin(key, "w", std::chrono::milliseconds(-1)).status().code(),
            kInvalid);
  EXPECT_EQ(this->store().MarkDone("", TypeParam::kLongTtl).code(), kInvalid);
  EXPECT_EQ(this->store().MarkDone(key, std::chrono::milliseconds(-1)).code(), kInvalid);
  EXPECT_EQ(this->store().Get("").status().code(), kInvalid);
  EXPECT_EQ(this->store().Abandon("", "w").code(), kInvalid);
  EXPECT_EQ(this->store().Abandon(key, "a b").code(), kInvalid);
  EXPECT_FALSE(this->MustGet(key).has_value());
}

TYPED_TEST_P(IdempotencyStoreContractTest, ReportsAStoredValueThatIsNotARecord) {
  const std::string key = this->env_.Key("line");
  for (const std::string bad : {"DONE", "pending:", "pending:a:b", "1"}) {
    this->env_.SetRaw(key, bad);
    absl::StatusOr<std::optional<IdempotencyRecord>> record = this->store().Get(key);
    EXPECT_EQ(record.status().code(), absl::StatusCode::kDataLoss) << bad;
    EXPECT_NE(record.status().message().find(key), std::string::npos) << record.status();
    EXPECT_EQ(this->store().TryBegin(key, "worker-a", TypeParam::kLongTtl).status().code(),
              absl::StatusCode::kDataLoss)
        << bad;
    EXPECT_EQ(this->store().Abandon(key, "worker-a").code(), absl::StatusCode::kDataLoss) << bad;
  }
}

REGISTER_TYPED_TEST_SUITE_P(IdempotencyStoreContractTest,
                            FirstBeginStartsAndRecordsThePendingHolder,
                            LaterBeginReportsThePendingHolder, DoneRecordMakesEveryLaterBeginSkip,
                            WritesTheRequestedTtls, ExpiredPendingRecordLetsAnotherHolderStart,
                            ExpiredDoneRecordIsForgotten, AbandonDeletesOnlyTheHoldersPendingRecord,
                            AbandonNeverDeletesADoneRecord, ConcurrentBeginHasExactlyOneStarter,
                            RejectsInvalidArguments, ReportsAStoredValueThatIsNotARecord);

}  // namespace mxedge::ownership
