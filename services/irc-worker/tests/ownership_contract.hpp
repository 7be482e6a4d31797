#pragma once
// The contract of WorkerRegistry and ConnectionClaims, as one type-parameterised suite
// instantiated on the in-memory store and on real Redis. Ages are set, not waited for: the Env
// moves a worker's heartbeat into the past on the store's own clock. An Env type provides:
//   WorkerRegistry& registry();
//   ConnectionClaims& claims();          on the same store as registry()
//   void AgeHeartbeat(std::string_view worker_id, std::chrono::milliseconds age);
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "connection_claims.hpp"
#include "worker_registry.hpp"

namespace mxedge::irc_worker {

template <typename Env>
class OwnershipContractTest : public ::testing::Test {
 protected:
  static constexpr std::chrono::milliseconds kTimeout{30'000};
  static constexpr char kNet[] = "libera";

  WorkerRegistry& registry() { return env_.registry(); }
  ConnectionClaims& claims() { return env_.claims(); }

  ownership::Lease Register(const std::string& id, int64_t capacity = 100) {
    absl::StatusOr<int64_t> epoch =
        registry().Register(WorkerAdvert{id, "10.0.0.1:50052", capacity});
    EXPECT_TRUE(epoch.ok()) << epoch.status();
    return ownership::Lease{id, epoch.value_or(0)};
  }

  std::vector<std::string> LiveIds() {
    absl::StatusOr<std::vector<WorkerInfo>> live = registry().LiveWorkers(kTimeout);
    EXPECT_TRUE(live.ok()) << live.status();
    std::vector<std::string> ids;
    for (const WorkerInfo& info : live.value_or(std::vector<WorkerInfo>{})) {
      ids.push_back(info.id);
    }
    return ids;
  }

  std::vector<std::string> OwnedIds(const std::string& worker) {
    absl::StatusOr<std::vector<OwnedConnection>> owned = claims().ListOwned(worker, kNet);
    EXPECT_TRUE(owned.ok()) << owned.status();
    std::vector<std::string> ids;
    for (const OwnedConnection& c : owned.value_or(std::vector<OwnedConnection>{})) {
      ids.push_back(c.mxid);
    }
    return ids;
  }

  Env env_;
};

TYPED_TEST_SUITE_P(OwnershipContractTest);

TYPED_TEST_P(OwnershipContractTest, RegisterListsTheWorkerWithARisingEpoch) {
  const ownership::Lease a = this->Register("worker-a", 500);
  const ownership::Lease b = this->Register("worker-b");
  EXPECT_GT(b.epoch, a.epoch);
  absl::StatusOr<std::vector<WorkerInfo>> live = this->registry().LiveWorkers(this->kTimeout);
  ASSERT_TRUE(live.ok()) << live.status();
  ASSERT_EQ(live->size(), 2u);
  const WorkerInfo& info = (*live)[0];
  EXPECT_EQ(info.id, "worker-a");
  EXPECT_EQ(info.grpc_address, "10.0.0.1:50052");
  EXPECT_EQ(info.epoch, a.epoch);
  EXPECT_EQ(info.capacity, 500);
  EXPECT_EQ(info.connections, 0);
  EXPECT_FALSE(info.draining);
  EXPECT_GT(info.heartbeat_unix_ms, 0);
}

TYPED_TEST_P(OwnershipContractTest, HeartbeatStoresTheConnectionCountAndFencesOldEpochs) {
  const ownership::Lease first = this->Register("worker-a");
  ASSERT_TRUE(this->registry().Heartbeat("worker-a", first.epoch, 10'000).ok());
  EXPECT_EQ(this->registry().LiveWorkers(this->kTimeout).value().at(0).connections, 10'000);

  const ownership::Lease second = this->Register("worker-a");
  EXPECT_EQ(this->registry().Heartbeat("worker-a", first.epoch, 1).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(this->registry().Heartbeat("worker-a", second.epoch, 1).ok());
  EXPECT_EQ(this->registry().Heartbeat("worker-x", 1, 0).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(this->registry().Heartbeat("worker-a", second.epoch, -1).code(),
            absl::StatusCode::kInvalidArgument);
}

TYPED_TEST_P(OwnershipContractTest, WorkerIsLiveUntilItsHeartbeatIsOwnerTimeoutOld) {
  const ownership::Lease a = this->Register("worker-a");
  this->env_.AgeHeartbeat("worker-a", this->kTimeout - std::chrono::seconds(2));
  EXPECT_THAT(this->LiveIds(), ::testing::ElementsAre("worker-a"));
  this->env_.AgeHeartbeat("worker-a", this->kTimeout);
  EXPECT_THAT(this->LiveIds(), ::testing::IsEmpty());
  // A heartbeat brings it back.
  ASSERT_TRUE(this->registry().Heartbeat("worker-a", a.epoch, 0).ok());
  EXPECT_THAT(this->LiveIds(), ::testing::ElementsAre("worker-a"));
}

TYPED_TEST_P(OwnershipContractTest, DrainingDeregisterAndEviction) {
  const ownership::Lease a = this->Register("worker-a");
  const ownership::Lease b = this->Register("worker-b");
  const ownership::Lease c = this->Register("worker-c");
  ASSERT_TRUE(this->registry().SetDraining("worker-a", a.epoch).ok());
  EXPECT_TRUE(this->registry().LiveWorkers(this->kTimeout).value().at(0).draining);
  EXPECT_EQ(this->registry().SetDraining("worker-a", a.epoch + 100).code(),
            absl::StatusCode::kFailedPrecondition);

  EXPECT_EQ(this->registry().Deregister("worker-b", b.epoch + 100).code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(this->registry().Deregister("worker-b", b.epoch).ok());
  ASSERT_TRUE(this->registry().Deregister("worker-b", b.epoch).ok());
  EXPECT_THAT(this->LiveIds(), ::testing::ElementsAre("worker-a", "worker-c"));

  this->env_.AgeHeartbeat("worker-c", std::chrono::minutes(11));
  EXPECT_THAT(this->registry().EvictStale(std::chrono::minutes(10)).value(),
              ::testing::ElementsAre("worker-c"));
  EXPECT_EQ(this->registry().Heartbeat("worker-c", c.epoch, 0).code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(this->LiveIds(), ::testing::ElementsAre("worker-a"));
}

TYPED_TEST_P(OwnershipContractTest, ClaimIsExclusiveAmongLiveWorkers) {
  const ownership::Lease a = this->Register("worker-a");
  const ownership::Lease b = this->Register("worker-b");
  absl::StatusOr<ClaimResult> first =
      this->claims().TryClaim(a, this->kNet, "@u:hs", this->kTimeout);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(*first, (ClaimResult{true, a}));
  absl::StatusOr<ClaimResult> second =
      this->claims().TryClaim(b, this->kNet, "@u:hs", this->kTimeout);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(*second, (ClaimResult{false, a}));
  // Claiming again what we hold succeeds and changes nothing.
  EXPECT_EQ(this->claims().TryClaim(a, this->kNet, "@u:hs", this->kTimeout).value(),
            (ClaimResult{true, a}));
  EXPECT_TRUE(this->claims().IsStillOwner(a, this->kNet, "@u:hs").value());
  EXPECT_FALSE(this->claims().IsStillOwner(b, this->kNet, "@u:hs").value());
  EXPECT_THAT(this->OwnedIds("worker-a"), ::testing::ElementsAre("@u:hs"));
  EXPECT_THAT(this->OwnedIds("worker-b"), ::testing::IsEmpty());
}

TYPED_TEST_P(OwnershipContractTest, TwoWorkersRacingEachWinSomeAndNeverTheSame) {
  const ownership::Lease a = this->Register("worker-a");
  const ownership::Lease b = this->Register("worker-b");
  constexpr int kUsers = 40;
  std::vector<std::vector<bool>> won(2, std::vector<bool>(kUsers, false));
  std::latch start(2);
  const auto race = [&](int index, const ownership::Lease& self) {
    start.arrive_and_wait();
    for (int i = 0; i < kUsers; ++i) {
      absl::StatusOr<ClaimResult> r = this->claims().TryClaim(
          self, this->kNet, "@user" + std::to_string(i) + ":hs", this->kTimeout);
      ASSERT_TRUE(r.ok()) << r.status();
      won[index][i] = r->claimed;
    }
  };
  std::thread ta(race, 0, a);
  std::thread tb(race, 1, b);
  ta.join();
  tb.join();
  size_t owned_by_a = 0;
  for (int i = 0; i < kUsers; ++i) {
    EXPECT_NE(won[0][i], won[1][i]) << "user " << i;
    owned_by_a += won[0][i] ? 1 : 0;
  }
  EXPECT_EQ(this->OwnedIds("worker-a").size(), owned_by_a);
  EXPECT_EQ(this->OwnedIds("worker-b").size(), kUsers - owned_by_a);
}

TYPED_TEST_P(OwnershipContractTest, DeadOwnerIsTakenOverAfterOwnerTimeoutAndNotBefore) {
  const ownership::Lease a = this->Register("worker-a");
  const ownership::Lease b = this->Register("worker-b");
  ASSERT_TRUE(this->claims().TryClaim(a, this->kNet, "@u:hs", this->kTimeout).value().claimed);

  this->env_.AgeHeartbeat("worker-a", this->kTimeout - std::chrono::seconds(2));
  EXPECT_EQ(this->claims().TryClaim(b, this->kNet, "@u:hs", this->kTimeout).value(),
            (ClaimResult{false, a}));

  this->env_.AgeHeartbeat("worker-a", this->kTimeout);
  EXPECT_EQ(this->claims().TryClaim(b, this->kNet, "@u:hs", this->kTimeout).value(),
            (ClaimResult{true, b}));
  EXPECT_FALSE(this->claims().IsStillOwner(a, this->kNet, "@u:hs").value());
  EXPECT_THAT(this->OwnedIds("worker-a"), ::testing::IsEmpty());
  EXPECT_THAT(this->OwnedIds("worker-b"), ::testing::ElementsAre("@u:hs"));
  // The old owner cannot release what it lost.
  EXPECT_FALSE(this->claims().Release("worker-a", this->kNet, "@u:hs").value());
  EXPECT_TRUE(this->claims().IsStillOwner(b, this->kNet, "@u:hs").value());
}

TYPED_TEST_P(OwnershipContractTest, AWorkerThatIsNotLiveWithItsEpochCannotClaim) {
  const ownership::Lease a = this->Register("worker-a");
  this->env_.AgeHeartbeat("worker-a", this->kTimeout);
  EXPECT_EQ(this->claims().TryClaim(a, this->kNet, "@u:hs", this->kTimeout).status().code(),
            absl::StatusCode::kFailedPrecondition);
  const ownership::Lease again = this->Register("worker-a");
  EXPECT_EQ(this->claims().TryClaim(a, this->kNet, "@u:hs", this->kTimeout).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(this->claims().TryClaim(again, this->kNet, "@u:hs", this->kTimeout).value().claimed);
  EXPECT_EQ(this->claims()
                .TryClaim(ownership::Lease{"worker-z", 7}, this->kNet, "@v:hs", this->kTimeout)
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

TYPED_TEST_P(OwnershipContractTest, ARestartedWorkerAdoptsItsPreviousEpochsConnections) {
  const ownership::Lease old_life = this->Register("worker-a");
  ASSERT_TRUE(
      this->claims().TryClaim(old_life, this->kNet, "@u:hs", this->kTimeout).value().claimed);
  const ownership::Lease new_life = this->Register("worker-a");
  absl::StatusOr<std::vector<OwnedConnection>> owned =
      this->claims().ListOwned("worker-a", this->kNet);
  ASSERT_TRUE(owned.ok()) << owned.status();
  EXPECT_THAT(*owned, ::testing::ElementsAre(OwnedConnection{"@u:hs", old_life.epoch}));
  EXPECT_EQ(this->claims().TryClaim(new_life, this->kNet, "@u:hs", this->kTimeout).value(),
            (ClaimResult{true, new_life}));
  EXPECT_FALSE(this->claims().IsStillOwner(old_life, this->kNet, "@u:hs").value());
  EXPECT_TRUE(this->claims().IsStillOwner(new_life, this->kNet, "@u:hs").value());
}

TYPED_TEST_P(OwnershipContractTest, ReleaseOnDrainLetsAnotherWorkerClaimAtOnce) {
  const ownership::Lease a = this->Register("worker-a");
  const ownership::Lease b = this->Register("worker-b");
  ASSERT_TRUE(this->claims().TryClaim(a, this->kNet, "@u:hs", this->kTimeout).value().claimed);
  ASSERT_TRUE(this->claims().TryClaim(a, this->kNet, "@v:hs", this->kTimeout).value().claimed);
  EXPECT_FALSE(this->claims().Release("worker-b", this->kNet, "@u:hs").value());
  EXPECT_TRUE(this->claims().Release("worker-a", this->kNet, "@u:hs").value());
  EXPECT_FALSE(this->claims().Release("worker-a", this->kNet, "@u:hs").value());
  EXPECT_THAT(this->OwnedIds("worker-a"), ::testing::ElementsAre("@v:hs"));
  EXPECT_EQ(this->claims().TryClaim(b, this->kNet, "@u:hs", this->kTimeout).value(),
            (ClaimResult{true, b}));
}

TYPED_TEST_P(OwnershipContractTest, ListWantedReportsEachOwnerAndWhetherItIsLive) {
  const ownership::Lease a = this->Register("worker-a");
  const ownership::Lease b = this->Register("worker-b");
  for (const char* mxid : {"@c:hs", "@a:hs", "@b:hs"}) {
    ASSERT_TRUE(this->claims().AddWanted(this->kNet, mxid).ok());
  }
  ASSERT_TRUE(this->claims().AddWanted("oftc", "@d:hs").ok());
  ASSERT_TRUE(this->claims().AddWanted(this->kNet, "@e:hs").ok());
  ASSERT_TRUE(this->claims().RemoveWanted(this->kNet, "@e:hs").ok());
  ASSERT_TRUE(this->claims().RemoveWanted(this->kNet, "@never:hs").ok());
  ASSERT_TRUE(this->claims().TryClaim(a, this->kNet, "@a:hs", this->kTimeout).value().claimed);
  ASSERT_TRUE(this->claims().TryClaim(b, this->kNet, "@b:hs", this->kTimeout).value().claimed);
  this->env_.AgeHeartbeat("worker-b", this->kTimeout + std::chrono::seconds(1));
  absl::StatusOr<std::vector<WantedConnection>> wanted =
      this->claims().ListWanted(this->kNet, this->kTimeout);
  ASSERT_TRUE(wanted.ok()) << wanted.status();
  EXPECT_THAT(*wanted, ::testing::ElementsAre(WantedConnection{"@a:hs", a, true},
                                              WantedConnection{"@b:hs", b, false},
                                              WantedConnection{"@c:hs", std::nullopt, false}));
}

TYPED_TEST_P(OwnershipContractTest, RejectsInvalidArguments) {
  const ownership::Lease a = this->Register("worker-a");
  EXPECT_EQ(this->registry().Register(WorkerAdvert{"bad:id", "h:1", 1}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->registry().Register(WorkerAdvert{"w", "", 1}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->registry().Register(WorkerAdvert{"w", "h:1", 0}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->registry().LiveWorkers(std::chrono::milliseconds(0)).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->claims().TryClaim(a, "bad net", "@u:hs", this->kTimeout).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->claims().TryClaim(a, this->kNet, "", this->kTimeout).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->claims().TryClaim(a, this->kNet, "@u v:hs", this->kTimeout).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->claims()
                .TryClaim(ownership::Lease{"worker-a", 0}, this->kNet, "@u:hs", this->kTimeout)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->claims().ListWanted("", this->kTimeout).status().code(),
            absl::StatusCode::kInvalidArgument);
}

REGISTER_TYPED_TEST_SUITE_P(OwnershipContractTest, RegisterListsTheWorkerWithARisingEpoch,
                            HeartbeatStoresTheConnectionCountAndFencesOldEpochs,
                            WorkerIsLiveUntilItsHeartbeatIsOwnerTimeoutOld,
                            DrainingDeregisterAndEviction, ClaimIsExclusiveAmongLiveWorkers,
                            TwoWorkersRacingEachWinSomeAndNeverTheSame,
                            DeadOwnerIsTakenOverAfterOwnerTimeoutAndNotBefore,
                            AWorkerThatIsNotLiveWithItsEpochCannotClaim,
                            ARestartedWorkerAdoptsItsPreviousEpochsConnections,
                            ReleaseOnDrainLetsAnotherWorkerClaimAtOnce,
                            ListWantedReportsEachOwnerAndWhetherItIsLive, RejectsInvalidArguments);

}  // namespace mxedge::irc_worker
