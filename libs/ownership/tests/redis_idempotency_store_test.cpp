#include "mxedge/ownership/redis_idempotency_store.hpp"

#include <gtest/gtest.h>

#include "idempotency_store_contract.hpp"
#include "mxedge/redis/commands.hpp"
#include "redis_env.hpp"

namespace mxedge::ownership {
namespace {

using std::chrono::milliseconds;

class RedisIdempotencyEnv : public RedisKeyspace {
 public:
  static constexpr milliseconds kShortTtl{300};
  static constexpr milliseconds kLongTtl{600'000};

  IdempotencyStore& store() { return store_; }

 private:
  RedisIdempotencyStore store_{client()};
};

INSTANTIATE_TYPED_TEST_SUITE_P(RedisIdempotencyContract, IdempotencyStoreContractTest,
                               RedisIdempotencyEnv);

TEST(RedisIdempotencyStoreTest, StoresPendingAndDoneAsDocumented) {
  RedisKeyspace keyspace;
  RedisIdempotencyStore store(keyspace.client());
  const std::string key = keyspace.Key("irc:line:libera:abc");
  ASSERT_EQ(store.TryBegin(key, "worker-a", milliseconds(600'000)).value().outcome,
            BeginResult::Outcome::kStarted);
  EXPECT_EQ(redis::Get(keyspace.client(), key).value(), "pending:worker-a");
  ASSERT_TRUE(store.MarkDone(key, milliseconds(600'000)).ok());
  EXPECT_EQ(redis::Get(keyspace.client(), key).value(), "done");
  const int64_t pttl = redis::PTtl(keyspace.client(), key).value();
  EXPECT_GT(pttl, 0);
  EXPECT_LE(pttl, 600'000);
}

}  // namespace
}  // namespace mxedge::ownership
