#include "mxedge/ownership/redis_lease_store.hpp"

#include <gtest/gtest.h>

#include "lease_store_contract.hpp"
#include "mxedge/redis/commands.hpp"
#include "mxedge/testing/free_port.hpp"
#include "redis_env.hpp"

namespace mxedge::ownership {
namespace {

using std::chrono::milliseconds;

class RedisLeaseEnv : public RedisKeyspace {
 public:
  static constexpr milliseconds kShortTtl{300};
  static constexpr milliseconds kLongTtl{60'000};

  LeaseStore& store() { return store_; }

 private:
  RedisLeaseStore store_{client()};
};

INSTANTIATE_TYPED_TEST_SUITE_P(RedisLeaseContract, LeaseStoreContractTest, RedisLeaseEnv);

TEST(RedisLeaseStoreTest, StoresOwnerAndEpochAsDocumented) {
  RedisKeyspace keyspace;
  RedisLeaseStore store(keyspace.client());
  const LeaseKeys keys{keyspace.Key("as:shard:3"), keyspace.Key("as:shard-epoch:3")};
  ASSERT_TRUE(store.TryAcquire(keys, "router-a", milliseconds(10'000)).value().acquired);
  EXPECT_EQ(redis::Get(keyspace.client(), keys.lease).value(), "router-a:1");
  EXPECT_EQ(redis::Get(keyspace.client(), keys.epoch).value(), "1");
  const int64_t pttl = redis::PTtl(keyspace.client(), keys.lease).value();
  EXPECT_GT(pttl, 0);
  EXPECT_LE(pttl, 10'000);
  // The epoch counter never expires: it must outlive every lease it numbered.
  EXPECT_EQ(redis::PTtl(keyspace.client(), keys.epoch).value(), redis::kPTtlNoExpiry);
}

TEST(RedisLeaseStoreTest, KeepsWorkingAfterTheServerForgetsItsScripts) {
  RedisKeyspace keyspace;
  RedisLeaseStore store(keyspace.client());
  const LeaseKeys keys{keyspace.Key("lease"), keyspace.Key("epoch")};
  absl::StatusOr<AcquireResult> acquired = store.TryAcquire(keys, "router-a", milliseconds(10'000));
  ASSERT_TRUE(acquired.ok() && acquired->acquired) << acquired.status();
  ASSERT_TRUE(redis::Call(keyspace.client(), {"SCRIPT", "FLUSH"}).ok());
  EXPECT_TRUE(store.Renew(keys.lease, *acquired->holder, milliseconds(10'000)).ok());
  EXPECT_TRUE(store.Release(keys.lease, *acquired->holder).ok());
}

TEST(RedisLeaseStoreTest, ReportsAnUnreachableServerWithTheKey) {
  absl::StatusOr<int> port = mxedge::testing::FreeLoopbackPort();
  ASSERT_TRUE(port.ok()) << port.status();
  redis::HiredisOptions options;
  options.url = "redis://127.0.0.1:" + std::to_string(*port);
  options.connect_timeout = milliseconds(200);
  options.command_timeout = milliseconds(200);
  absl::StatusOr<std::unique_ptr<redis::HiredisClient>> client =
      redis::HiredisClient::Create(options);
  ASSERT_TRUE(client.ok()) << client.status();
  RedisLeaseStore store(**client);
  absl::StatusOr<AcquireResult> acquired =
      store.TryAcquire({"as:shard:1", "as:shard-epoch:1"}, "router-a", milliseconds(1000));
  EXPECT_EQ(acquired.status().code(), absl::StatusCode::kUnavailable) << acquired.status();
  EXPECT_NE(acquired.status().message().find("as:shard:1"), std::string::npos) << acquired.status();
  // Renewal failing for transport reasons is not "lease lost": the caller must tell them apart.
  const absl::Status renew = store.Renew("as:shard:1", Lease{"router-a", 1}, milliseconds(1000));
  EXPECT_NE(renew.code(), absl::StatusCode::kFailedPrecondition) << renew;
  EXPECT_FALSE(renew.ok());
}

}  // namespace
}  // namespace mxedge::ownership
