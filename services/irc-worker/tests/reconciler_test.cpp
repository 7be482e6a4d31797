#include "reconciler.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "in_memory_ownership.hpp"
#include "irc_keys.hpp"
#include "mxedge/ownership/rendezvous.hpp"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::irc_worker {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAreArray;
using namespace std::chrono_literals;

constexpr char kNet[] = "libera";

class ReconcilerTest : public ::testing::Test {
 protected:
  std::unique_ptr<Reconciler> MakeWorker(const std::string& id, int64_t capacity = 1000) {
    ReconcilerOptions options;
    options.advert = WorkerAdvert{id, id + ".local:50052", capacity};
    options.networks = {kNet};
    auto worker = std::make_unique<Reconciler>(store_, store_, clock_, options);
    EXPECT_TRUE(worker->Register().ok());
    return worker;
  }

  void Want(int users) {
    for (int i = 0; i < users; ++i) {
      ASSERT_TRUE(store_.AddWanted(kNet, User(i)).ok());
    }
  }

  static std::string User(int i) { return "@user" + std::to_string(i) + ":hs"; }

  std::vector<std::string> Users(int users) {
    std::vector<std::string> all;
    for (int i = 0; i < users; ++i) {
      all.push_back(User(i));
    }
    return all;
  }

  ReconcilePlan Reconcile(Reconciler& worker) {
    absl::StatusOr<ReconcilePlan> plan = worker.Reconcile();
    EXPECT_TRUE(plan.ok()) << plan.status();
    return plan.value_or(ReconcilePlan{});
  }

  static std::vector<std::string> Mxids(const std::vector<ConnectionKey>& keys) {
    std::vector<std::string> ids;
    for (const ConnectionKey& key : keys) {
      ids.push_back(key.mxid);
    }
    return ids;
  }

  // The users of `all` that rank `worker` first among `workers`.
  static std::vector<std::string> RankedFirst(const std::vector<std::string>& all,
                                              const std::string& worker,
                                              const std::vector<std::string>& workers) {
    std::vector<std::string> mine;
    for (const std::string& mxid : all) {
      if (ownership::RendezvousOwner(RoutingKey(kNet, mxid), workers) == worker) {
        mine.push_back(mxid);
      }
    }
    return mine;
  }

  mxedge::testing::FakeClock clock_;
  InMemoryOwnership store_{clock_};
};

TEST_F(ReconcilerTest, EachWorkerClaimsAtOnceWhatRanksItFirst) {
  auto a = MakeWorker("worker-a");
  auto b = MakeWorker("worker-b");
  Want(30);
  const ReconcilePlan plan_a = Reconcile(*a);
  const ReconcilePlan plan_b = Reconcile(*b);
  const std::vector<std::string> workers = {"worker-a", "worker-b"};
  const std::vector<std::string> first_a = RankedFirst(Users(30), "worker-a", workers);
  const std::vector<std::string> first_b = RankedFirst(Users(30), "worker-b", workers);
  ASSERT_FALSE(first_a.empty());
  ASSERT_FALSE(first_b.empty());
  EXPECT_THAT(Mxids(plan_a.open), UnorderedElementsAreArray(first_a));
  EXPECT_THAT(Mxids(plan_b.open), UnorderedElementsAreArray(first_b));
  EXPECT_EQ(plan_a.taken_over, 0);
  // A second round changes nothing.
  EXPECT_TRUE(Reconcile(*a).empty());
  EXPECT_TRUE(Reconcile(*b).empty());
}

TEST_F(ReconcilerTest, OthersClaimAfterTheGracePeriodWhenTheFirstRankedDoesNot) {
  auto a = MakeWorker("worker-a");
  auto b = MakeWorker("worker-b");  // live, but never reconciles
  Want(30);
  const std::vector<std::string> workers = {"worker-a", "worker-b"};
  const std::vector<std::string> first_a = RankedFirst(Users(30), "worker-a", workers);
  EXPECT_THAT(Mxids(Reconcile(*a).open), UnorderedElementsAreArray(first_a));
  clock_.Advance(9s);
  ASSERT_TRUE(b->Heartbeat().ok());
  EXPECT_TRUE(Reconcile(*a).empty());
  clock_.Advance(1s);
  const ReconcilePlan late = Reconcile(*a);
  EXPECT_EQ(late.open.size(), 30 - first_a.size());
  EXPECT_EQ(a->held().size(), 30u);
}

TEST_F(ReconcilerTest, ADeadOwnersConnectionsAreTakenOverAfterOwnerTimeoutAndNotBefore) {
  auto a = MakeWorker("worker-a");
  Want(10);
  EXPECT_EQ(Reconcile(*a).open.size(), 10u);
  auto b = MakeWorker("worker-b");
  clock_.Advance(29s);
  ASSERT_TRUE(b->Heartbeat().ok());
  EXPECT_TRUE(Reconcile(*b).empty());
  clock_.Advance(1s);
  const ReconcilePlan plan = Reconcile(*b);
  EXPECT_THAT(Mxids(plan.open), UnorderedElementsAreArray(Users(10)));
  EXPECT_EQ(plan.taken_over, 10);
}

TEST_F(ReconcilerTest, ALostConnectionIsClosedWithoutRelease) {
  auto a = MakeWorker("worker-a");
  Want(3);
  ASSERT_EQ(Reconcile(*a).open.size(), 3u);
  auto b = MakeWorker("worker-b");
  store_.SetHeartbeatAgeForTesting("worker-a", 31s);
  ASSERT_EQ(Reconcile(*b).open.size(), 3u);
  // a comes back (say, a stalled process): it learns it lost them.
  ASSERT_TRUE(a->Heartbeat().ok());
  const ReconcilePlan plan = Reconcile(*a);
  EXPECT_THAT(Mxids(plan.close), UnorderedElementsAreArray(Users(3)));
  EXPECT_TRUE(plan.open.empty());
  EXPECT_TRUE(a->held().empty());
}

TEST_F(ReconcilerTest, CapacityLimitsClaims) {
  auto a = MakeWorker("worker-a", 4);
  Want(10);
  EXPECT_EQ(Reconcile(*a).open.size(), 4u);
  clock_.Advance(11s);
  ASSERT_TRUE(a->Heartbeat().ok());
  EXPECT_TRUE(Reconcile(*a).empty());
  EXPECT_EQ(a->held().size(), 4u);
}

TEST_F(ReconcilerTest, AFullWorkerIsNotRankedSoTheNextOneClaimsAtOnce) {
  auto a = MakeWorker("worker-a", 1);
  ASSERT_TRUE(a->Heartbeat().ok());
  ASSERT_TRUE(store_.AddWanted(kNet, "@first:hs").ok());
  ASSERT_EQ(Reconcile(*a).open.size(), 1u);
  ASSERT_TRUE(a->Heartbeat().ok());  // publishes connections = capacity
  auto b = MakeWorker("worker-b");
  Want(10);
  EXPECT_EQ(Reconcile(*b).open.size(), 10u);
}

TEST_F(ReconcilerTest, DrainStopsClaimingAndReleaseLetsOthersTakeOverAtOnce) {
  auto a = MakeWorker("worker-a");
  Want(10);
  ASSERT_EQ(Reconcile(*a).open.size(), 10u);
  ASSERT_TRUE(a->BeginDrain().ok());
  ASSERT_TRUE(store_.AddWanted(kNet, "@late:hs").ok());
  clock_.Advance(11s);
  ASSERT_TRUE(a->Heartbeat().ok());
  EXPECT_TRUE(Reconcile(*a).empty());
  EXPECT_TRUE(store_.LiveWorkers(30s).value().at(0).draining);

  auto b = MakeWorker("worker-b");
  EXPECT_THAT(Mxids(Reconcile(*b).open), ElementsAre("@late:hs"));
  EXPECT_EQ(a->ReleaseAll().value(), 10);
  EXPECT_TRUE(store_.LiveWorkers(30s).value().size() == 1);
  const ReconcilePlan plan = Reconcile(*b);
  EXPECT_EQ(plan.open.size(), 10u);
  EXPECT_EQ(plan.taken_over, 0);
}

TEST_F(ReconcilerTest, AShortRedisOutageChangesNothing) {
  auto a = MakeWorker("worker-a");
  Want(5);
  ASSERT_EQ(Reconcile(*a).open.size(), 5u);
  store_.SetUnreachableForTesting(true);
  for (int i = 0; i < 8; ++i) {
    clock_.Advance(3s);
    EXPECT_FALSE(a->Heartbeat().ok());
    EXPECT_EQ(a->Reconcile().status().code(), absl::StatusCode::kUnavailable);
  }
  EXPECT_FALSE(a->ShouldSelfFence());  // 24 s
  store_.SetUnreachableForTesting(false);
  ASSERT_TRUE(a->Heartbeat().ok());
  EXPECT_TRUE(Reconcile(*a).empty());
  EXPECT_EQ(a->held().size(), 5u);
}

TEST_F(ReconcilerTest, SelfFencesAfterSelfFenceWithoutRedisThenRegistersAgain) {
  auto a = MakeWorker("worker-a");
  Want(5);
  ASSERT_EQ(Reconcile(*a).open.size(), 5u);
  const int64_t old_epoch = a->self()->epoch;
  store_.SetUnreachableForTesting(true);
  clock_.Advance(24s);
  EXPECT_FALSE(a->Heartbeat().ok());
  EXPECT_FALSE(a->ShouldSelfFence());
  clock_.Advance(1s);
  EXPECT_TRUE(a->ShouldSelfFence());
  const ReconcilePlan dropped = Reconcile(*a);
  EXPECT_TRUE(dropped.drop_everything);
  EXPECT_THAT(Mxids(dropped.close), UnorderedElementsAreArray(Users(5)));
  EXPECT_TRUE(a->held().empty());
  EXPECT_FALSE(a->self().has_value());
  // Still cut off: nothing more to do, and nothing claimed.
  EXPECT_FALSE(a->Reconcile().ok());

  store_.SetUnreachableForTesting(false);
  ASSERT_TRUE(a->Heartbeat().ok());
  EXPECT_GT(a->self()->epoch, old_epoch);
  // Nobody took them over (owner_timeout had not passed): it adopts them under the new epoch.
  const ReconcilePlan back = Reconcile(*a);
  EXPECT_THAT(Mxids(back.open), UnorderedElementsAreArray(Users(5)));
  EXPECT_TRUE(store_.IsStillOwner(*a->self(), kNet, User(0)).value());
}

TEST_F(ReconcilerTest, ALostRegistrationDropsEverything) {
  auto a = MakeWorker("worker-a");
  Want(2);
  ASSERT_EQ(Reconcile(*a).open.size(), 2u);
  store_.SetHeartbeatAgeForTesting("worker-a", 11min);
  ASSERT_EQ(store_.EvictStale(10min).value(), std::vector<std::string>{"worker-a"});
  EXPECT_EQ(a->Heartbeat().code(), absl::StatusCode::kNotFound);
  const ReconcilePlan plan = Reconcile(*a);
  EXPECT_TRUE(plan.drop_everything);
  EXPECT_EQ(plan.close.size(), 2u);
}

TEST_F(ReconcilerTest, UnwantedConnectionsAreReleasedAfterQuit) {
  auto a = MakeWorker("worker-a");
  Want(2);
  ASSERT_EQ(Reconcile(*a).open.size(), 2u);
  ASSERT_TRUE(store_.RemoveWanted(kNet, User(1)).ok());
  const ReconcilePlan plan = Reconcile(*a);
  EXPECT_THAT(plan.release, ElementsAre(ConnectionKey{kNet, User(1)}));
  // Asked once, not again while the engine QUITs.
  EXPECT_TRUE(Reconcile(*a).empty());
  ASSERT_TRUE(a->Release(plan.release[0]).ok());
  EXPECT_THAT(store_.ListOwned("worker-a", kNet).value(),
              ElementsAre(OwnedConnection{User(0), a->self()->epoch}));
}

TEST_F(ReconcilerTest, RebalanceHandsConnectionsToANewWorkerAtALimitedRate) {
  auto a = MakeWorker("worker-a");
  Want(40);
  ASSERT_EQ(Reconcile(*a).open.size(), 40u);
  auto b = MakeWorker("worker-b");
  // A new worker takes nothing that has a live owner.
  EXPECT_TRUE(Reconcile(*b).empty());
  const std::vector<std::string> for_b =
      RankedFirst(Users(40), "worker-b", {"worker-a", "worker-b"});
  ASSERT_GE(for_b.size(), 6u);

  a->Rebalance(5, 2.0);
  std::vector<std::string> handed;
  ReconcilePlan plan = Reconcile(*a);
  EXPECT_EQ(plan.release.size(), 1u);
  for (int round = 0; round < 4; ++round) {
    for (const ConnectionKey& key : plan.release) {
      handed.push_back(key.mxid);
      ASSERT_TRUE(a->Release(key).ok());
    }
    clock_.Advance(1s);
    ASSERT_TRUE(a->Heartbeat().ok());
    ASSERT_TRUE(b->Heartbeat().ok());
    plan = Reconcile(*a);
    EXPECT_LE(plan.release.size(), 2u);
  }
  for (const ConnectionKey& key : plan.release) {
    handed.push_back(key.mxid);
    ASSERT_TRUE(a->Release(key).ok());
  }
  EXPECT_EQ(handed.size(), 5u);
  for (const std::string& mxid : handed) {
    EXPECT_NE(std::find(for_b.begin(), for_b.end(), mxid), for_b.end()) << mxid;
  }
  // The new worker ranks first on them, so it claims them at once.
  EXPECT_THAT(Mxids(Reconcile(*b).open), UnorderedElementsAreArray(handed));
  EXPECT_EQ(a->held().size(), 35u);
}

TEST(ReconcilerOptionsTest, RejectsInvalidOptions) {
  ReconcilerOptions options;
  options.advert = WorkerAdvert{"worker-a", "h:1", 10};
  options.networks = {kNet};
  EXPECT_TRUE(ValidateReconcilerOptions(options).ok());
  ReconcilerOptions fence = options;
  fence.self_fence = fence.owner_timeout;
  EXPECT_EQ(ValidateReconcilerOptions(fence).code(), absl::StatusCode::kInvalidArgument);
  ReconcilerOptions grace = options;
  grace.claim_grace = 0ms;
  EXPECT_EQ(ValidateReconcilerOptions(grace).code(), absl::StatusCode::kInvalidArgument);
  ReconcilerOptions network = options;
  network.networks = {"bad net"};
  EXPECT_EQ(ValidateReconcilerOptions(network).code(), absl::StatusCode::kInvalidArgument);
  ReconcilerOptions capacity = options;
  capacity.advert.capacity = 0;
  EXPECT_EQ(ValidateReconcilerOptions(capacity).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mxedge::irc_worker
