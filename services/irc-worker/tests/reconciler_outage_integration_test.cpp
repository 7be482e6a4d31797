// The Reconciler through Redis outages on real redis-servers: a restart shorter than self_fence
// changes nothing, and a worker cut off longer than self_fence drops its connections before any
// other worker takes them over.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "mxedge/common/clock.hpp"
#include "mxedge/redis/hiredis_client.hpp"
#include "mxedge/testing/redis_server.hpp"
#include "reconciler.hpp"
#include "redis_connection_claims.hpp"
#include "redis_worker_registry.hpp"

namespace mxedge::irc_worker {
namespace {

using namespace std::chrono_literals;

constexpr char kNet[] = "libera";

std::string User(int i) { return "@user" + std::to_string(i) + ":hs"; }

ReconcilerOptions Options(const std::string& id, std::chrono::milliseconds owner_timeout,
                          std::chrono::milliseconds self_fence) {
  ReconcilerOptions options;
  options.advert = WorkerAdvert{id, id + ".local:50052", 1000};
  options.networks = {kNet};
  options.owner_timeout = owner_timeout;
  options.self_fence = self_fence;
  options.claim_grace = 200ms;
  options.evict_after = 60s;
  return options;
}

std::unique_ptr<redis::HiredisClient> Client(const mxedge::testing::RedisServer& server) {
  redis::HiredisOptions options;
  options.url = server.url();
  options.backoff_min = 20ms;
  options.backoff_max = 100ms;
  options.connect_timeout = 200ms;
  options.command_timeout = 500ms;
  absl::StatusOr<std::unique_ptr<redis::HiredisClient>> client =
      redis::HiredisClient::Create(options);
  EXPECT_TRUE(client.ok()) << client.status();
  return client.ok() ? *std::move(client) : nullptr;
}

// A RedisClient that fails every call while cut off, as a network partition would.
class CuttableClient final : public redis::RedisClient {
 public:
  explicit CuttableClient(redis::RedisClient& inner) : inner_(inner) {}
  void SetCutOff(bool cut) { cut_ = cut; }

  absl::StatusOr<redis::Reply> Execute(std::span<const std::string> args,
                                       redis::CallOptions options) override {
    if (cut_) {
      return absl::UnavailableError("cut off from redis");
    }
    return inner_.Execute(args, options);
  }
  absl::StatusOr<std::vector<redis::Reply>> Pipeline(
      const std::vector<std::vector<std::string>>& commands, redis::CallOptions options) override {
    if (cut_) {
      return absl::UnavailableError("cut off from redis");
    }
    return inner_.Pipeline(commands, options);
  }

 private:
  redis::RedisClient& inner_;
  std::atomic<bool> cut_{false};
};

TEST(ReconcilerOutageTest, ARedisRestartShorterThanSelfFenceChangesNothing) {
  mxedge::testing::RedisServerOptions server_options;
  server_options.appendonly = true;
  server_options.appendfsync = "always";
  absl::StatusOr<std::unique_ptr<mxedge::testing::RedisServer>> server =
      mxedge::testing::RedisServer::Start(server_options);
  ASSERT_TRUE(server.ok()) << server.status();
  std::unique_ptr<redis::HiredisClient> client = Client(**server);
  ASSERT_NE(client, nullptr);
  RedisWorkerRegistry registry(*client, IrcKeys());
  RedisConnectionClaims claims(*client, IrcKeys());
  Reconciler worker(registry, claims, common::SystemClock::Instance(), Options("worker-a", 8s, 6s));
  ASSERT_TRUE(worker.Register().ok());
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(claims.AddWanted(kNet, User(i)).ok());
  }
  ASSERT_EQ(worker.Reconcile().value().open.size(), 50u);

  ASSERT_TRUE((*server)->Stop().ok());
  EXPECT_FALSE(worker.Heartbeat().ok());
  EXPECT_FALSE(worker.Reconcile().ok());
  ASSERT_TRUE((*server)->Restart().ok());
  // Wait for the client to reconnect (its backoff), then everything is as it was.
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!worker.Heartbeat().ok()) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "never reached redis again";
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_FALSE(worker.ShouldSelfFence());
  const absl::StatusOr<ReconcilePlan> plan = worker.Reconcile();
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_TRUE(plan->empty());
  EXPECT_EQ(worker.held().size(), 50u);
  EXPECT_TRUE(claims.IsStillOwner(*worker.self(), kNet, User(7)).value());
}

TEST(ReconcilerOutageTest, ACutOffWorkerDropsItsConnectionsBeforeAnotherTakesThem) {
  absl::StatusOr<std::unique_ptr<mxedge::testing::RedisServer>> server =
      mxedge::testing::RedisServer::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  std::unique_ptr<redis::HiredisClient> client_a = Client(**server);
  std::unique_ptr<redis::HiredisClient> client_b = Client(**server);
  ASSERT_NE(client_a, nullptr);
  ASSERT_NE(client_b, nullptr);
  CuttableClient cuttable_a(*client_a);
  RedisWorkerRegistry registry_a(cuttable_a, IrcKeys());
  RedisConnectionClaims claims_a(cuttable_a, IrcKeys());
  RedisWorkerRegistry registry_b(*client_b, IrcKeys());
  RedisConnectionClaims claims_b(*client_b, IrcKeys());
  const common::Clock& clock = common::SystemClock::Instance();
  Reconciler a(registry_a, claims_a, clock, Options("worker-a", 1200ms, 800ms));
  ASSERT_TRUE(a.Register().ok());
  for (int i = 0; i < 40; ++i) {
    ASSERT_TRUE(claims_b.AddWanted(kNet, User(i)).ok());
  }
  ASSERT_EQ(a.Reconcile().value().open.size(), 40u);
  Reconciler b(registry_b, claims_b, clock, Options("worker-b", 1200ms, 800ms));
  ASSERT_TRUE(b.Register().ok());

  ASSERT_TRUE(a.Heartbeat().ok());  // a's last contact with Redis
  cuttable_a.SetCutOff(true);
  const auto cut = std::chrono::steady_clock::now();
  std::optional<std::chrono::steady_clock::duration> a_dropped;
  std::optional<std::chrono::steady_clock::duration> b_took_over;
  while (b.held().size() < 40u) {
    ASSERT_LT(std::chrono::steady_clock::now() - cut, 10s) << "takeover never happened";
    const absl::StatusOr<ReconcilePlan> plan_a = a.Reconcile();
    if (plan_a.ok() && plan_a->drop_everything && !a_dropped.has_value()) {
      a_dropped = std::chrono::steady_clock::now() - cut;
      EXPECT_EQ(plan_a->close.size(), 40u);
    }
    ASSERT_TRUE(b.Heartbeat().ok());
    const absl::StatusOr<ReconcilePlan> plan_b = b.Reconcile();
    ASSERT_TRUE(plan_b.ok()) << plan_b.status();
    if (plan_b->taken_over > 0 && !b_took_over.has_value()) {
      b_took_over = std::chrono::steady_clock::now() - cut;
    }
    std::this_thread::sleep_for(25ms);
  }
  ASSERT_TRUE(a_dropped.has_value());
  ASSERT_TRUE(b_took_over.has_value());
  EXPECT_LT(*a_dropped, *b_took_over);
  EXPECT_GE(*a_dropped, 800ms);
  EXPECT_TRUE(a.held().empty());

  // Back online, a registers anew and finds its connections owned by b.
  cuttable_a.SetCutOff(false);
  ASSERT_TRUE(a.Heartbeat().ok());
  const absl::StatusOr<ReconcilePlan> back = a.Reconcile();
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(back->open.empty());
}

}  // namespace
}  // namespace mxedge::irc_worker
