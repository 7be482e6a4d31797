#pragma once
// The contract of MemberRegistry, as one type-parameterised suite instantiated for every
// implementation. Registry time comes from a FakeClock on every implementation (heartbeats are the
// registry clock's unix ms), so the suite never waits. An Env type provides:
//   MemberRegistry& registry();           shared, thread-safe, on a set unique to the test
//   mxedge::testing::FakeClock& clock();  the registry's clock
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <latch>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "mxedge/ownership/member_registry.hpp"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::ownership {

template <typename Env>
class MemberRegistryContractTest : public ::testing::Test {
 protected:
  static constexpr std::chrono::milliseconds kTimeout{30'000};

  MemberRegistry& registry() { return env_.registry(); }
  mxedge::testing::FakeClock& clock() { return env_.clock(); }

  std::vector<std::string> LiveIds() {
    absl::StatusOr<std::vector<Member>> live = registry().ListLive(kTimeout);
    EXPECT_TRUE(live.ok()) << live.status();
    std::vector<std::string> ids;
    if (live.ok()) {
      for (const Member& member : *live) {
        ids.push_back(member.id);
      }
    }
    return ids;
  }

  Env env_;
};

TYPED_TEST_SUITE_P(MemberRegistryContractTest);

TYPED_TEST_P(MemberRegistryContractTest, RegisteredMemberIsLiveWithItsHeartbeat) {
  const int64_t now = this->clock().NowUnixMs();
  ASSERT_TRUE(this->registry().Register("worker-a").ok());
  absl::StatusOr<std::vector<Member>> live = this->registry().ListLive(this->kTimeout);
  ASSERT_TRUE(live.ok()) << live.status();
  EXPECT_THAT(*live, ::testing::ElementsAre(Member{"worker-a", now}));
  EXPECT_TRUE(this->registry().IsLive("worker-a", this->kTimeout).value());
  EXPECT_FALSE(this->registry().IsLive("worker-b", this->kTimeout).value());
}

TYPED_TEST_P(MemberRegistryContractTest, ListsLiveMembersOrderedById) {
  for (const char* id : {"worker-c", "worker-a", "worker-b"}) {
    ASSERT_TRUE(this->registry().Register(id).ok());
  }
  EXPECT_THAT(this->LiveIds(), ::testing::ElementsAre("worker-a", "worker-b", "worker-c"));
}

TYPED_TEST_P(MemberRegistryContractTest, MemberIsLiveUntilItsHeartbeatIsTimeoutOld) {
  ASSERT_TRUE(this->registry().Register("worker-a").ok());
  this->clock().Advance(this->kTimeout - std::chrono::milliseconds(1));
  EXPECT_THAT(this->LiveIds(), ::testing::ElementsAre("worker-a"));
  EXPECT_TRUE(this->registry().IsLive("worker-a", this->kTimeout).value());
  this->clock().Advance(std::chrono::milliseconds(1));
  EXPECT_THAT(this->LiveIds(), ::testing::IsEmpty());
  EXPECT_FALSE(this->registry().IsLive("worker-a", this->kTimeout).value());
  // A longer timeout still counts it, as each caller judges liveness by its own timeout.
  EXPECT_TRUE(this->registry().IsLive("worker-a", 2 * this->kTimeout).value());
}

TYPED_TEST_P(MemberRegistryContractTest, HeartbeatKeepsAMemberLive) {
  ASSERT_TRUE(this->registry().Register("worker-a").ok());
  this->clock().Advance(std::chrono::seconds(20));
  const int64_t beat = this->clock().NowUnixMs();
  ASSERT_TRUE(this->registry().Heartbeat("worker-a").ok());
  this->clock().Advance(std::chrono::seconds(20));
  absl::StatusOr<std::vector<Member>> live = this->registry().ListLive(this->kTimeout);
  ASSERT_TRUE(live.ok()) << live.status();
  EXPECT_THAT(*live, ::testing::ElementsAre(Member{"worker-a", beat}));
}

TYPED_TEST_P(MemberRegistryContractTest, HeartbeatOfAnUnregisteredMemberIsNotFound) {
  const absl::Status status = this->registry().Heartbeat("worker-x");
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_NE(status.message().find("worker-x"), std::string::npos) << status;
  // It did not register the member as a side effect.
  EXPECT_THAT(this->LiveIds(), ::testing::IsEmpty());
}

TYPED_TEST_P(MemberRegistryContractTest, EvictStaleRemovesAndReturnsOnlyStaleMembers) {
  const int64_t t0 = this->clock().NowUnixMs();
  ASSERT_TRUE(this->registry().Register("worker-b").ok());
  ASSERT_TRUE(this->registry().Register("worker-a").ok());
  this->clock().Advance(std::chrono::seconds(20));
  ASSERT_TRUE(this->registry().Register("worker-c").ok());
  this->clock().Advance(std::chrono::seconds(10));

  absl::StatusOr<std::vector<Member>> evicted = this->registry().EvictStale(this->kTimeout);
  ASSERT_TRUE(evicted.ok()) << evicted.status();
  EXPECT_THAT(*evicted, ::testing::ElementsAre(Member{"worker-a", t0}, Member{"worker-b", t0}));
  EXPECT_THAT(this->LiveIds(), ::testing::ElementsAre("worker-c"));
  // Nothing left to evict; the evicted member learns it on its next heartbeat.
  EXPECT_THAT(this->registry().EvictStale(this->kTimeout).value(), ::testing::IsEmpty());
  EXPECT_EQ(this->registry().Heartbeat("worker-a").code(), absl::StatusCode::kNotFound);
  // Registering again brings it back.
  ASSERT_TRUE(this->registry().Register("worker-a").ok());
  EXPECT_THAT(this->LiveIds(), ::testing::ElementsAre("worker-a", "worker-c"));
}

TYPED_TEST_P(MemberRegistryContractTest, RemoveDropsAMemberAtOnce) {
  ASSERT_TRUE(this->registry().Register("worker-a").ok());
  ASSERT_TRUE(this->registry().Register("worker-b").ok());
  ASSERT_TRUE(this->registry().Remove("worker-a").ok());
  EXPECT_THAT(this->LiveIds(), ::testing::ElementsAre("worker-b"));
  EXPECT_EQ(this->registry().Heartbeat("worker-a").code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(this->registry().Remove("worker-a").ok());
}

TYPED_TEST_P(MemberRegistryContractTest, ConcurrentEvictorsEvictEachMemberOnce) {
  constexpr int kMembers = 20;
  constexpr int kEvictors = 4;
  for (int i = 0; i < kMembers; ++i) {
    ASSERT_TRUE(this->registry().Register("worker-" + std::to_string(i)).ok());
  }
  this->clock().Advance(this->kTimeout);
  std::latch start(kEvictors);
  std::vector<absl::StatusOr<std::vector<Member>>> results(kEvictors);
  std::vector<std::thread> threads;
  for (int i = 0; i < kEvictors; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      results[i] = this->registry().EvictStale(this->kTimeout);
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  std::multiset<std::string> evicted;
  for (const auto& result : results) {
    ASSERT_TRUE(result.ok()) << result.status();
    for (const Member& member : *result) {
      evicted.insert(member.id);
    }
  }
  EXPECT_EQ(evicted.size(), static_cast<size_t>(kMembers));
  EXPECT_EQ(std::set<std::string>(evicted.begin(), evicted.end()).size(),
            static_cast<size_t>(kMembers));
}

TYPED_TEST_P(MemberRegistryContractTest, RejectsInvalidArguments) {
  const auto kInvalid = absl::StatusCode::kInvalidArgument;
  EXPECT_EQ(this->registry().Register("").code(), kInvalid);
  EXPECT_EQ(this->registry().Register("worker:1").code(), kInvalid);
  EXPECT_EQ(this->registry().Heartbeat("a b").code(), kInvalid);
  EXPECT_EQ(this->registry().Remove("").code(), kInvalid);
  EXPECT_EQ(this->registry().IsLive("", this->kTimeout).status().code(), kInvalid);
  EXPECT_EQ(this->registry().IsLive("a", std::chrono::milliseconds(0)).status().code(), kInvalid);
  EXPECT_EQ(this->registry().ListLive(std::chrono::milliseconds(0)).status().code(), kInvalid);
  EXPECT_EQ(this->registry().EvictStale(std::chrono::milliseconds(-1)).status().code(), kInvalid);
  EXPECT_THAT(this->LiveIds(), ::testing::IsEmpty());
}

REGISTER_TYPED_TEST_SUITE_P(MemberRegistryContractTest, RegisteredMemberIsLiveWithItsHeartbeat,
                            ListsLiveMembersOrderedById, MemberIsLiveUntilItsHeartbeatIsTimeoutOld,
                            HeartbeatKeepsAMemberLive, HeartbeatOfAnUnregisteredMemberIsNotFound,
                            EvictStaleRemovesAndReturnsOnlyStaleMembers, RemoveDropsAMemberAtOnce,
                            ConcurrentEvictorsEvictEachMemberOnce, RejectsInvalidArguments);

}  // namespace mxedge::ownership
