#include "in_memory_ownership.hpp"

#include <gtest/gtest.h>

#include "mxedge/testing/fake_clock.hpp"
#include "ownership_contract.hpp"

namespace mxedge::irc_worker {
namespace {

class InMemoryOwnershipEnv {
 public:
  WorkerRegistry& registry() { return store_; }
  ConnectionClaims& claims() { return store_; }
  void AgeHeartbeat(std::string_view worker_id, std::chrono::milliseconds age) {
    store_.SetHeartbeatAgeForTesting(worker_id, age);
  }

 private:
  mxedge::testing::FakeClock clock_;
  InMemoryOwnership store_{clock_};
};

INSTANTIATE_TYPED_TEST_SUITE_P(InMemoryOwnership, OwnershipContractTest, InMemoryOwnershipEnv);

TEST(InMemoryOwnershipTest, HeartbeatsAgeWithTheClock) {
  mxedge::testing::FakeClock clock;
  InMemoryOwnership store(clock);
  ASSERT_TRUE(store.Register(WorkerAdvert{"worker-a", "h:1", 1}).ok());
  clock.Advance(std::chrono::seconds(29));
  EXPECT_EQ(store.LiveWorkers(std::chrono::seconds(30)).value().size(), 1u);
  clock.Advance(std::chrono::seconds(1));
  EXPECT_TRUE(store.LiveWorkers(std::chrono::seconds(30)).value().empty());
}

TEST(InMemoryOwnershipTest, UnreachableStoreFailsEveryCall) {
  mxedge::testing::FakeClock clock;
  InMemoryOwnership store(clock);
  store.SetUnreachableForTesting(true);
  EXPECT_EQ(store.Register(WorkerAdvert{"worker-a", "h:1", 1}).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(store.ListWanted("libera", std::chrono::seconds(1)).status().code(),
            absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace mxedge::irc_worker
