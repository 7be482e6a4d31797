#pragma once
// The contract of LeaseStore, as one type-parameterised suite instantiated for every
// implementation (in-memory fake: unit; Redis: integration). An Env type provides:
//   LeaseStore& store();                           shared, thread-safe
//   std::string Key(std::string_view name);        unique to the test
//   void LetExpire(const std::string& key, std::chrono::milliseconds ttl);
//       returns once the lease at `key`, last given `ttl`, has expired
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

#include "mxedge/ownership/lease_store.hpp"

namespace mxedge::ownership {

template <typename Env>
class LeaseStoreContractTest : public ::testing::Test {
 protected:
  LeaseKeys Keys(std::string_view name) {
    return LeaseKeys{env_.Key(name), env_.Key(std::string(name) + "-epoch")};
  }
  LeaseStore& store() { return env_.store(); }

  // Acquires a free lease or fails the test.
  Lease MustAcquire(const LeaseKeys& keys, std::string_view owner, std::chrono::milliseconds ttl) {
    absl::StatusOr<AcquireResult> result = store().TryAcquire(keys, owner, ttl);
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok() || !result->acquired || !result->holder.has_value()) {
      ADD_FAILURE() << "lease " << keys.lease << " was not acquired by " << owner;
      return Lease{};
    }
    return *result->holder;
  }

  Env env_;
};

TYPED_TEST_SUITE_P(LeaseStoreContractTest);

TYPED_TEST_P(LeaseStoreContractTest, AcquiresAFreeLease) {
  const LeaseKeys keys = this->Keys("shard");
  absl::StatusOr<AcquireResult> result =
      this->store().TryAcquire(keys, "router-a", TypeParam::kLongTtl);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->acquired);
  ASSERT_TRUE(result->holder.has_value());
  EXPECT_EQ(result->holder->owner_id, "router-a");
  EXPECT_EQ(result->holder->epoch, 1);
  absl::StatusOr<std::optional<Lease>> holder = this->store().GetHolder(keys.lease);
  ASSERT_TRUE(holder.ok()) << holder.status();
  EXPECT_EQ(*holder, result->holder);
}

TYPED_TEST_P(LeaseStoreContractTest, RefusesAHeldLeaseAndNamesTheHolder) {
  const LeaseKeys keys = this->Keys("shard");
  const Lease a = this->MustAcquire(keys, "router-a", TypeParam::kLongTtl);
  absl::StatusOr<AcquireResult> result =
      this->store().TryAcquire(keys, "router-b", TypeParam::kLongTtl);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->acquired);
  EXPECT_EQ(result->holder, a);
  // The same owner cannot acquire twice either: it already holds the lease.
  result = this->store().TryAcquire(keys, "router-a", TypeParam::kLongTtl);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->acquired);
  EXPECT_EQ(this->store().GetHolder(keys.lease).value(), a);
}

TYPED_TEST_P(LeaseStoreContractTest, GetHolderOfAFreeLeaseIsEmpty) {
  absl::StatusOr<std::optional<Lease>> holder = this->store().GetHolder(this->Keys("none").lease);
  ASSERT_TRUE(holder.ok()) << holder.status();
  EXPECT_FALSE(holder->has_value());
}

TYPED_TEST_P(LeaseStoreContractTest, EpochsStrictlyIncreaseAcrossAcquisitions) {
  const LeaseKeys keys = this->Keys("shard");
  int64_t last_epoch = 0;
  for (int i = 0; i < 6; ++i) {
    const std::string owner = i % 3 == 0 ? "router-a" : "router-b";
    const Lease lease = this->MustAcquire(keys, owner, TypeParam::kLongTtl);
    EXPECT_GT(lease.epoch, last_epoch);
    last_epoch = lease.epoch;
    ASSERT_TRUE(this->store().Release(keys.lease, lease).ok());
  }
  // Leases with their own epoch counters do not share epochs.
  EXPECT_EQ(this->MustAcquire(this->Keys("other"), "router-a", TypeParam::kLongTtl).epoch, 1);
}

TYPED_TEST_P(LeaseStoreContractTest, TtlLeaseExpiresWithoutRenewal) {
  const LeaseKeys keys = this->Keys("shard");
  const Lease a = this->MustAcquire(keys, "router-a", TypeParam::kShortTtl);
  this->env_.LetExpire(keys.lease, TypeParam::kShortTtl);
  absl::StatusOr<std::optional<Lease>> holder = this->store().GetHolder(keys.lease);
  ASSERT_TRUE(holder.ok()) << holder.status();
  EXPECT_FALSE(holder->has_value());

  const Lease b = this->MustAcquire(keys, "router-b", TypeParam::kLongTtl);
  EXPECT_GT(b.epoch, a.epoch);
  // The expired owner is fenced out: it can neither renew nor release the new lease.
  EXPECT_EQ(this->store().Renew(keys.lease, a, TypeParam::kLongTtl).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(this->store().Release(keys.lease, a).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(this->store().GetHolder(keys.lease).value(), b);
}

TYPED_TEST_P(LeaseStoreContractTest, RenewSetsTheTtl) {
  const LeaseKeys keys = this->Keys("shard");
  const Lease a = this->MustAcquire(keys, "router-a", TypeParam::kLongTtl);
  std::optional<std::chrono::milliseconds> ttl = this->env_.RemainingTtl(keys.lease);
  ASSERT_TRUE(ttl.has_value());
  EXPECT_GT(ttl->count(), 0);
  EXPECT_LE(*ttl, TypeParam::kLongTtl);

  // Longer...
  ASSERT_TRUE(this->store().Renew(keys.lease, a, 2 * TypeParam::kLongTtl).ok());
  ttl = this->env_.RemainingTtl(keys.lease);
  ASSERT_TRUE(ttl.has_value());
  EXPECT_GT(*ttl, TypeParam::kLongTtl);
  EXPECT_LE(*ttl, 2 * TypeParam::kLongTtl);
  EXPECT_EQ(this->store().GetHolder(keys.lease).value(), a);

  // ...or shorter: the ttl is set, not added. (The lease may already be gone when read back.)
  ASSERT_TRUE(this->store().Renew(keys.lease, a, TypeParam::kShortTtl).ok());
  EXPECT_LE(this->env_.RemainingTtl(keys.lease).value_or(std::chrono::milliseconds(0)),
            TypeParam::kShortTtl);
}

TYPED_TEST_P(LeaseStoreContractTest, LeaseWithoutExpiryStaysUntilReleased) {
  const LeaseKeys keys = this->Keys("conn");
  const Lease a = this->MustAcquire(keys, "worker-a", kNoExpiry);
  EXPECT_EQ(this->env_.RemainingTtl(keys.lease), std::chrono::milliseconds(0));
  // A fenced check-in keeps it without an expiry.
  ASSERT_TRUE(this->store().Renew(keys.lease, a, kNoExpiry).ok());
  EXPECT_EQ(this->env_.RemainingTtl(keys.lease), std::chrono::milliseconds(0));
  // Renewing with a ttl turns it into a TTL lease, and kNoExpiry back.
  ASSERT_TRUE(this->store().Renew(keys.lease, a, TypeParam::kLongTtl).ok());
  EXPECT_GT(this->env_.RemainingTtl(keys.lease).value_or(std::chrono::milliseconds(0)).count(), 0);
  ASSERT_TRUE(this->store().Renew(keys.lease, a, kNoExpiry).ok());
  EXPECT_EQ(this->env_.RemainingTtl(keys.lease), std::chrono::milliseconds(0));
  ASSERT_TRUE(this->store().Release(keys.lease, a).ok());
  EXPECT_FALSE(this->env_.RemainingTtl(keys.lease).has_value());
}

TYPED_TEST_P(LeaseStoreContractTest, ReleaseFreesTheLeaseOnce) {
  const LeaseKeys keys = this->Keys("shard");
  const Lease a = this->MustAcquire(keys, "router-a", TypeParam::kLongTtl);
  ASSERT_TRUE(this->store().Release(keys.lease, a).ok());
  EXPECT_FALSE(this->store().GetHolder(keys.lease).value().has_value());
  EXPECT_EQ(this->store().Release(keys.lease, a).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(this->store().Renew(keys.lease, a, TypeParam::kLongTtl).code(),
            absl::StatusCode::kFailedPrecondition);
}

TYPED_TEST_P(LeaseStoreContractTest, RenewAndReleaseAreFencedByEpoch) {
  const LeaseKeys keys = this->Keys("shard");
  const Lease first = this->MustAcquire(keys, "router-a", TypeParam::kLongTtl);
  ASSERT_TRUE(this->store().Release(keys.lease, first).ok());
  const Lease second = this->MustAcquire(keys, "router-a", TypeParam::kLongTtl);
  ASSERT_GT(second.epoch, first.epoch);
  // Same owner id, older epoch: a previous life of this owner must not touch the new lease.
  const absl::Status renew = this->store().Renew(keys.lease, first, TypeParam::kLongTtl);
  EXPECT_EQ(renew.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(renew.message().find(second.ToString()), std::string::npos) << renew;
  EXPECT_EQ(this->store().Release(keys.lease, first).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(this->store().Renew(keys.lease, second, TypeParam::kLongTtl).ok());
  EXPECT_EQ(this->store().GetHolder(keys.lease).value(), second);
}

TYPED_TEST_P(LeaseStoreContractTest, TakeOverReplacesTheExpectedHolder) {
  const LeaseKeys keys = this->Keys("conn");
  const Lease stale = this->MustAcquire(keys, "worker-a", kNoExpiry);
  absl::StatusOr<AcquireResult> result =
      this->store().TryTakeOver(keys, "worker-b", stale, kNoExpiry);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_TRUE(result->acquired);
  ASSERT_TRUE(result->holder.has_value());
  const Lease b = *result->holder;
  EXPECT_EQ(b.owner_id, "worker-b");
  EXPECT_GT(b.epoch, stale.epoch);
  EXPECT_EQ(this->store().GetHolder(keys.lease).value(), b);
  // The previous owner, back from a pause, is fenced out.
  EXPECT_EQ(this->store().Renew(keys.lease, stale, kNoExpiry).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(this->store().Release(keys.lease, stale).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(this->store().GetHolder(keys.lease).value(), b);
}

TYPED_TEST_P(LeaseStoreContractTest, TakeOverRefusesAnyOtherHolder) {
  const LeaseKeys keys = this->Keys("conn");
  const Lease a = this->MustAcquire(keys, "worker-a", kNoExpiry);
  // Right owner, wrong epoch: the holder changed since the caller looked.
  absl::StatusOr<AcquireResult> result =
      this->store().TryTakeOver(keys, "worker-c", Lease{"worker-a", a.epoch + 1}, kNoExpiry);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->acquired);
  EXPECT_EQ(result->holder, a);
  // A free lease is not taken over: the caller must acquire it.
  ASSERT_TRUE(this->store().Release(keys.lease, a).ok());
  result = this->store().TryTakeOver(keys, "worker-c", a, kNoExpiry);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->acquired);
  EXPECT_FALSE(result->holder.has_value());
}

TYPED_TEST_P(LeaseStoreContractTest, ConcurrentAcquireHasExactlyOneWinner) {
  constexpr int kRounds = 10;
  constexpr int kContenders = 4;
  for (int round = 0; round < kRounds; ++round) {
    const LeaseKeys keys = this->Keys("race-" + std::to_string(round));
    std::latch start(kContenders);
    std::vector<absl::StatusOr<AcquireResult>> results(kContenders);
    std::vector<std::thread> threads;
    for (int i = 0; i < kContenders; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        results[i] =
            this->store().TryAcquire(keys, "router-" + std::to_string(i), TypeParam::kLongTtl);
      });
    }
    for (auto& thread : threads) {
      thread.join();
    }
    std::optional<Lease> winner;
    for (const auto& result : results) {
      ASSERT_TRUE(result.ok()) << result.status();
      if (result->acquired) {
        EXPECT_FALSE(winner.has_value()) << "two winners in round " << round;
        winner = result->holder;
      }
    }
    ASSERT_TRUE(winner.has_value()) << "no winner in round " << round;
    for (const auto& result : results) {
      EXPECT_EQ(result->holder, winner);
    }
    EXPECT_EQ(this->store().GetHolder(keys.lease).value(), winner);
  }
}

TYPED_TEST_P(LeaseStoreContractTest, ConcurrentTakeOverHasExactlyOneWinner) {
  constexpr int kContenders = 4;
  const LeaseKeys keys = this->Keys("conn");
  const Lease stale = this->MustAcquire(keys, "worker-dead", kNoExpiry);
  std::latch start(kContenders);
  std::vector<absl::StatusOr<AcquireResult>> results(kContenders);
  std::vector<std::thread> threads;
  for (int i = 0; i < kContenders; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      results[i] = this->store().TryTakeOver(keys, "worker-" + std::to_string(i), stale, kNoExpiry);
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  int winners = 0;
  for (const auto& result : results) {
    ASSERT_TRUE(result.ok()) << result.status();
    winners += result->acquired ? 1 : 0;
    ASSERT_TRUE(result->holder.has_value());
    EXPECT_GT(result->holder->epoch, stale.epoch);
  }
  EXPECT_EQ(winners, 1);
}

TYPED_TEST_P(LeaseStoreContractTest, RejectsInvalidArguments) {
  LeaseStore& store = this->store();
  const LeaseKeys keys = this->Keys("shard");
  const auto kInvalid = absl::StatusCode::kInvalidArgument;
  EXPECT_EQ(store.TryAcquire({"", keys.epoch}, "a", kNoExpiry).status().code(), kInvalid);
  EXPECT_EQ(store.TryAcquire({keys.lease, ""}, "a", kNoExpiry).status().code(), kInvalid);
  EXPECT_EQ(store.TryAcquire({keys.lease, keys.lease}, "a", kNoExpiry).status().code(), kInvalid);
  EXPECT_EQ(store.TryAcquire(keys, "", kNoExpiry).status().code(), kInvalid);
  EXPECT_EQ(store.TryAcquire(keys, "a:1", kNoExpiry).status().code(), kInvalid);
  EXPECT_EQ(store.TryAcquire(keys, "a", std::chrono::milliseconds(-1)).status().code(), kInvalid);
  EXPECT_EQ(store.TryTakeOver(keys, "a", Lease{"b", 0}, kNoExpiry).status().code(), kInvalid);
  EXPECT_EQ(store.TryTakeOver(keys, "a", Lease{"", 3}, kNoExpiry).status().code(), kInvalid);
  EXPECT_EQ(store.Renew("", Lease{"a", 1}, kNoExpiry).code(), kInvalid);
  EXPECT_EQ(store.Renew(keys.lease, Lease{"a", -1}, kNoExpiry).code(), kInvalid);
  EXPECT_EQ(store.Renew(keys.lease, Lease{"a", 1}, std::chrono::milliseconds(-5)).code(), kInvalid);
  EXPECT_EQ(store.Release("", Lease{"a", 1}).code(), kInvalid);
  EXPECT_EQ(store.Release(keys.lease, Lease{"a b", 1}).code(), kInvalid);
  EXPECT_EQ(store.GetHolder("").status().code(), kInvalid);
  // Nothing was written by the rejected calls.
  EXPECT_FALSE(store.GetHolder(keys.lease).value().has_value());
}

TYPED_TEST_P(LeaseStoreContractTest, ReportsAStoredValueThatIsNotALease) {
  const LeaseKeys keys = this->Keys("shard");
  for (const std::string bad : {"garbage", "router-a:", "router-a:0", ":4", "a:b:4"}) {
    this->env_.SetRaw(keys.lease, bad);
    absl::StatusOr<std::optional<Lease>> holder = this->store().GetHolder(keys.lease);
    EXPECT_EQ(holder.status().code(), absl::StatusCode::kDataLoss) << bad;
    EXPECT_NE(holder.status().message().find(keys.lease), std::string::npos) << holder.status();
    EXPECT_EQ(this->store().TryAcquire(keys, "router-b", kNoExpiry).status().code(),
              absl::StatusCode::kDataLoss)
        << bad;
    // Fenced operations refuse: the stored value is not the caller's lease.
    EXPECT_EQ(this->store().Renew(keys.lease, Lease{"router-a", 4}, kNoExpiry).code(),
              absl::StatusCode::kFailedPrecondition);
  }
}

REGISTER_TYPED_TEST_SUITE_P(LeaseStoreContractTest, AcquiresAFreeLease,
                            RefusesAHeldLeaseAndNamesTheHolder, GetHolderOfAFreeLeaseIsEmpty,
                            EpochsStrictlyIncreaseAcrossAcquisitions, TtlLeaseExpiresWithoutRenewal,
                            RenewSetsTheTtl, LeaseWithoutExpiryStaysUntilReleased,
                            ReleaseFreesTheLeaseOnce, RenewAndReleaseAreFencedByEpoch,
                            TakeOverReplacesTheExpectedHolder, TakeOverRefusesAnyOtherHolder,
                            ConcurrentAcquireHasExactlyOneWinner,
                            ConcurrentTakeOverHasExactlyOneWinner, RejectsInvalidArguments,
                            ReportsAStoredValueThatIsNotALease);

}  // namespace mxedge::ownership
