#include "shard_assigner.hpp"

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mxedge/ownership/in_memory_lease_store.hpp"
#include "mxedge/ownership/in_memory_member_registry.hpp"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::appservice_router {
namespace {

using std::chrono::milliseconds;

ShardAssignerOptions Options(std::string router_id) {
  ShardAssignerOptions options;
  options.router_id = std::move(router_id);
  options.shards = 16;
  options.key_prefix = "t:";
  options.lease_ttl = milliseconds(3000);
  options.router_timeout = milliseconds(3000);
  return options;
}

std::set<int> Owned(const ShardAssigner& assigner) {
  std::set<int> out;
  for (const auto& [shard, lease] : assigner.owned()) {
    out.insert(shard);
  }
  return out;
}

TEST(ShardAssignerTest, AssignmentIsEvenDisjointAndComplete) {
  for (int routers = 1; routers <= 5; ++routers) {
    std::vector<std::string> live;
    for (int i = 0; i < routers; ++i) {
      live.push_back("router-" + std::to_string(i));
    }
    std::set<int> all;
    const size_t cap = (16 + live.size() - 1) / live.size();
    for (const std::string& id : live) {
      std::vector<int> mine = ShardAssigner::AssignShards(id, live, 16);
      EXPECT_LE(mine.size(), cap) << id;
      EXPECT_GE(mine.size(), 16 / live.size()) << id;
      for (int shard : mine) {
        EXPECT_TRUE(all.insert(shard).second) << "shard " << shard << " assigned twice";
      }
    }
    EXPECT_EQ(all.size(), 16u) << routers << " routers";
  }
}

TEST(ShardAssignerTest, AssignmentIgnoresOrderAndDuplicates) {
  std::vector<std::string> a = {"r1", "r2", "r3"};
  std::vector<std::string> b = {"r3", "r1", "r2", "r1"};
  EXPECT_EQ(ShardAssigner::AssignShards("r2", a, 16), ShardAssigner::AssignShards("r2", b, 16));
}

TEST(ShardAssignerTest, SingleRouterTakesEveryShardWithFencedLeases) {
  testing::FakeClock clock;
  ownership::InMemoryLeaseStore leases(clock);
  ownership::InMemoryMemberRegistry registry(clock);
  ShardAssigner assigner(leases, registry, clock, Options("r1"));
  absl::StatusOr<ShardChanges> changes = assigner.Tick();
  ASSERT_TRUE(changes.ok()) << changes.status();
  EXPECT_EQ(changes->gained.size(), 16u);
  absl::StatusOr<std::optional<ownership::Lease>> holder = leases.GetHolder("t:as:shard:5");
  ASSERT_TRUE(holder.ok());
  ASSERT_TRUE(holder->has_value());
  EXPECT_EQ((*holder)->owner_id, "r1");
  EXPECT_EQ(leases.RemainingTtl("t:as:shard:5"), milliseconds(3000));
  ASSERT_TRUE(registry.IsLive("r1", milliseconds(3000)).value());
}

TEST(ShardAssignerTest, SecondRouterGetsHalfAfterHandover) {
  testing::FakeClock clock;
  ownership::InMemoryLeaseStore leases(clock);
  ownership::InMemoryMemberRegistry registry(clock);
  ShardAssigner first(leases, registry, clock, Options("r1"));
  ShardAssigner second(leases, registry, clock, Options("r2"));
  ASSERT_TRUE(first.Tick().ok());
  ASSERT_TRUE(second.Tick().ok());
  EXPECT_TRUE(second.owned().empty()) << "r1 still holds every lease";
  std::vector<int> hooked;
  first.SetBeforeRelease([&](const std::vector<int>& shards) {
    hooked = shards;
    for (int shard : shards) {
      // Still held while the hook runs: the caller stops using the shard before it is free.
      EXPECT_EQ(leases.GetHolder("t:as:shard:" + std::to_string(shard)).value()->owner_id, "r1");
    }
  });
  absl::StatusOr<ShardChanges> released = first.Tick();
  ASSERT_TRUE(released.ok());
  EXPECT_EQ(released->lost.size(), 8u);
  EXPECT_EQ(hooked, released->lost);
  absl::StatusOr<ShardChanges> gained = second.Tick();
  ASSERT_TRUE(gained.ok());
  EXPECT_EQ(gained->gained.size(), 8u);
  std::set<int> a = Owned(first);
  std::set<int> b = Owned(second);
  EXPECT_EQ(a.size(), 8u);
  EXPECT_EQ(b.size(), 8u);
  for (int shard : b) {
    EXPECT_FALSE(a.contains(shard));
  }
}

TEST(ShardAssignerTest, DeadRouterShardsAreTakenAfterLeaseTtlWithHigherEpoch) {
  testing::FakeClock clock;
  ownership::InMemoryLeaseStore leases(clock);
  ownership::InMemoryMemberRegistry registry(clock);
  ShardAssigner first(leases, registry, clock, Options("r1"));
  ShardAssigner second(leases, registry, clock, Options("r2"));
  ASSERT_TRUE(first.Tick().ok());
  ASSERT_TRUE(second.Tick().ok());
  ASSERT_TRUE(first.Tick().ok());
  ASSERT_TRUE(second.Tick().ok());
  std::map<int, ownership::Lease> before = first.owned();
  // r1 dies without releasing anything; r2 keeps ticking.
  for (int i = 0; i < 4; ++i) {
    clock.Advance(milliseconds(1000));
    ASSERT_TRUE(second.Tick().ok());
  }
  EXPECT_EQ(second.owned().size(), 16u);
  EXPECT_FALSE(registry.IsLive("r1", milliseconds(3000)).value());
  for (const auto& [shard, lease] : before) {
    EXPECT_GT(second.owned().at(shard).epoch, lease.epoch) << shard;
  }
  // r1 comes back: its renewals are refused, so it loses every shard at once.
  absl::StatusOr<ShardChanges> back = first.Tick();
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->lost.size(), before.size());
  EXPECT_TRUE(first.owned().empty());
}

TEST(ShardAssignerTest, ReleaseAllFreesLeasesAndLeavesRegistry) {
  testing::FakeClock clock;
  ownership::InMemoryLeaseStore leases(clock);
  ownership::InMemoryMemberRegistry registry(clock);
  ShardAssigner assigner(leases, registry, clock, Options("r1"));
  ASSERT_TRUE(assigner.Tick().ok());
  EXPECT_EQ(assigner.ReleaseAll().size(), 16u);
  EXPECT_FALSE(leases.GetHolder("t:as:shard:0").value().has_value());
  EXPECT_FALSE(registry.IsLive("r1", milliseconds(3000)).value());
}

TEST(ShardAssignerTest, PreviousLifeLeaseIsTakenOverWithNewEpoch) {
  testing::FakeClock clock;
  ownership::InMemoryLeaseStore leases(clock);
  ownership::InMemoryMemberRegistry registry(clock);
  ShardAssigner old_life(leases, registry, clock, Options("r1"));
  ASSERT_TRUE(old_life.Tick().ok());
  int64_t old_epoch = old_life.owned().at(0).epoch;
  ShardAssigner new_life(leases, registry, clock, Options("r1"));
  ASSERT_TRUE(new_life.Tick().ok());
  ASSERT_EQ(new_life.owned().size(), 16u);
  EXPECT_GT(new_life.owned().at(0).epoch, old_epoch);
}

}  // namespace
}  // namespace mxedge::appservice_router
