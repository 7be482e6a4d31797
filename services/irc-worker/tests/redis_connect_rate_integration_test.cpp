#include "redis_connect_rate.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "connect_rate_contract.hpp"
#include "redis_test_env.hpp"

namespace mxedge::irc_worker {
namespace {

using namespace std::chrono_literals;

class RedisConnectRateEnv : public RedisTestKeys {
 public:
  ConnectRate& rate() { return rate_; }

 private:
  RedisConnectRate rate_{client(), keys()};
};

INSTANTIATE_TYPED_TEST_SUITE_P(RedisConnectRate, ConnectRateContractTest, RedisConnectRateEnv);

// Two workers with their own Redis connections share one bucket: together they get the burst and
// then the rate, never more.
TEST(RedisConnectRateTest, TwoClientsTogetherHoldTheRate) {
  RedisTestKeys env;
  redis::HiredisOptions options;
  options.url =
      SharedRedis().server != nullptr ? SharedRedis().server->url() : "redis://127.0.0.1:1";
  absl::StatusOr<std::unique_ptr<redis::HiredisClient>> second =
      redis::HiredisClient::Create(options);
  ASSERT_TRUE(second.ok()) << second.status();
  RedisConnectRate worker_a(env.client(), env.keys());
  RedisConnectRate worker_b(**second, env.keys());
  const ConnectRateLimit limit{20.0, 4};

  std::atomic<int> granted{0};
  const auto start = std::chrono::steady_clock::now();
  const auto run = [&](RedisConnectRate& rate) {
    while (std::chrono::steady_clock::now() - start < 1s) {
      absl::StatusOr<ConnectPermit> permit = rate.TryAcquire("libera", limit);
      ASSERT_TRUE(permit.ok()) << permit.status();
      if (permit->granted) {
        ++granted;
      } else {
        std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(permit->wait, 5ms));
      }
    }
  };
  std::thread a(run, std::ref(worker_a));
  std::thread b(run, std::ref(worker_b));
  a.join();
  b.join();
  const double elapsed_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // Burst + rate × elapsed, and not much less (both were asking all the time).
  EXPECT_LE(granted.load(), 4 + static_cast<int>(20.0 * elapsed_s) + 1);
  EXPECT_GE(granted.load(), 4 + 20 - 3);
}

TEST(RedisConnectRateTest, AnIdleBucketExpires) {
  RedisTestKeys env;
  RedisConnectRate rate(env.client(), env.keys());
  ASSERT_TRUE(rate.TryAcquire("libera", {2.0, 10}).value().granted);
  // Full again after burst / rate = 5 s; the key lives a second longer.
  const int64_t pttl = env.PTtl(env.keys().ConnectRate("libera"));
  EXPECT_GT(pttl, 5000);
  EXPECT_LE(pttl, 6000);
}

}  // namespace
}  // namespace mxedge::irc_worker
