// The Reconciler on real Redis: two workers split the wanted connections by rendezvous, a worker
// that stops heartbeating loses them to the other after owner_timeout, and the cost of 10 000
// connections (one heartbeat; one reconcile round) is measured.
#include "reconciler.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "mxedge/common/clock.hpp"
#include "mxedge/ownership/rendezvous.hpp"
#include "redis_connection_claims.hpp"
#include "redis_test_env.hpp"
#include "redis_worker_registry.hpp"

namespace mxedge::irc_worker {
namespace {

using namespace std::chrono_literals;

constexpr char kNet[] = "libera";

ReconcilerOptions Options(const std::string& id, int64_t capacity) {
  ReconcilerOptions options;
  options.advert = WorkerAdvert{id, id + ".local:50052", capacity};
  options.networks = {kNet};
  options.owner_timeout = 1500ms;
  options.self_fence = 1000ms;
  options.claim_grace = 300ms;
  options.evict_after = 60s;
  return options;
}

std::string User(int i) { return "@user" + std::to_string(i) + ":hs"; }

TEST(ReconcilerOnRedisTest, TwoWorkersSplitTheConnectionsAndOneTakesOverWhenTheOtherDies) {
  RedisTestKeys env;
  RedisWorkerRegistry registry(env.client(), env.keys());
  RedisConnectionClaims claims(env.client(), env.keys());
  const common::Clock& clock = common::SystemClock::Instance();
  Reconciler a(registry, claims, clock, Options("worker-a", 1000));
  Reconciler b(registry, claims, clock, Options("worker-b", 1000));
  ASSERT_TRUE(a.Register().ok());
  ASSERT_TRUE(b.Register().ok());
  constexpr int kUsers = 200;
  for (int i = 0; i < kUsers; ++i) {
    ASSERT_TRUE(claims.AddWanted(kNet, User(i)).ok());
  }
  const absl::StatusOr<ReconcilePlan> plan_a = a.Reconcile();
  const absl::StatusOr<ReconcilePlan> plan_b = b.Reconcile();
  ASSERT_TRUE(plan_a.ok()) << plan_a.status();
  ASSERT_TRUE(plan_b.ok()) << plan_b.status();
  EXPECT_EQ(plan_a->open.size() + plan_b->open.size(), static_cast<size_t>(kUsers));
  const std::vector<std::string> both = {"worker-a", "worker-b"};
  for (const ConnectionKey& key : plan_a->open) {
    EXPECT_EQ(ownership::RendezvousOwner(RoutingKey(kNet, key.mxid), both), "worker-a");
  }
  const size_t a_held = a.held().size();

  // worker-a stops heartbeating; worker-b keeps going and takes a's connections once a's heartbeat
  // is owner_timeout old on Redis' clock, not before.
  ASSERT_TRUE(a.Heartbeat().ok());
  const auto a_last_beat = std::chrono::steady_clock::now();
  const auto deadline = a_last_beat + 10s;
  size_t taken_over = 0;
  while (b.held().size() < static_cast<size_t>(kUsers)) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "takeover never happened";
    ASSERT_TRUE(b.Heartbeat().ok());
    const absl::StatusOr<ReconcilePlan> plan = b.Reconcile();
    ASSERT_TRUE(plan.ok()) << plan.status();
    if (plan->taken_over > 0) {
      EXPECT_GE(std::chrono::steady_clock::now() - a_last_beat, 1400ms);
    }
    taken_over += static_cast<size_t>(plan->taken_over);
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(taken_over, a_held);
  // a, back after its silence, must fence itself and then finds nothing left to hold.
  EXPECT_TRUE(a.ShouldSelfFence());
  const absl::StatusOr<ReconcilePlan> fenced = a.Reconcile();
  ASSERT_TRUE(fenced.ok()) << fenced.status();
  EXPECT_TRUE(fenced->drop_everything);
  EXPECT_EQ(fenced->close.size(), a_held);
  ASSERT_TRUE(a.Heartbeat().ok());
  const absl::StatusOr<ReconcilePlan> after = a.Reconcile();
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_TRUE(after->open.empty());
}

TEST(ReconcilerOnRedisTest, TenThousandConnectionsCostOneHeartbeat) {
  RedisTestKeys env;
  RedisWorkerRegistry registry(env.client(), env.keys());
  RedisConnectionClaims claims(env.client(), env.keys());
  ReconcilerOptions options = Options("worker-a", 20'000);
  options.owner_timeout = 30s;
  options.self_fence = 25s;
  Reconciler a(registry, claims, common::SystemClock::Instance(), options);
  ASSERT_TRUE(a.Register().ok());
  constexpr int kUsers = 10'000;
  std::vector<std::vector<std::string>> adds;
  std::vector<std::string> add = {"SADD", env.keys().Want(kNet)};
  for (int i = 0; i < kUsers; ++i) {
    add.push_back(User(i));
  }
  adds.push_back(add);
  ASSERT_TRUE(env.client().Pipeline(adds).ok());

  const auto t0 = std::chrono::steady_clock::now();
  const absl::StatusOr<ReconcilePlan> first = a.Reconcile();
  const auto t1 = std::chrono::steady_clock::now();
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->open.size(), static_cast<size_t>(kUsers));
  const absl::StatusOr<ReconcilePlan> steady = a.Reconcile();
  const auto t2 = std::chrono::steady_clock::now();
  ASSERT_TRUE(steady.ok()) << steady.status();
  EXPECT_TRUE(steady->empty());
  ASSERT_TRUE(a.Heartbeat().ok());
  const auto t3 = std::chrono::steady_clock::now();
  EXPECT_EQ(registry.LiveWorkers(30s).value().at(0).connections, kUsers);

  const auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
  std::cout << "reconcile of 10000 wanted: claim all " << ms(t1 - t0) << " ms, steady round "
            << ms(t2 - t1) << " ms, heartbeat " << ms(t3 - t2) << " ms\n";
}

}  // namespace
}  // namespace mxedge::irc_worker
