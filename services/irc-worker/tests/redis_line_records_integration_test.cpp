#include "redis_line_records.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "line_records_contract.hpp"
#include "redis_test_env.hpp"

namespace mxedge::irc_worker {
namespace {

class RedisLineRecordsEnv : public RedisTestKeys {
 public:
  LineRecords& records() { return records_; }

 private:
  RedisLineRecords records_{client(), keys()};
};

INSTANTIATE_TYPED_TEST_SUITE_P(RedisLineRecords, LineRecordsContractTest, RedisLineRecordsEnv);

TEST(RedisLineRecordsTest, RecordsLiveTenMinutesAndDoneKeepsTheTtl) {
  RedisTestKeys env;
  RedisLineRecords records(env.client(), env.keys());
  ASSERT_TRUE(records.TryBegin("libera", "h:1", "worker-a", "p").ok());
  const std::string key = env.keys().Line("libera", "h:1");
  EXPECT_EQ(redis::Get(env.client(), key).value(), "pending:worker-a");
  const int64_t pending_ttl = env.PTtl(key);
  EXPECT_GT(pending_ttl, kLineRecordTtl.count() - 60'000);
  EXPECT_LE(pending_ttl, kLineRecordTtl.count());
  EXPECT_GT(env.PTtl(env.keys().LinePending("libera", "worker-a")), 0);
  ASSERT_TRUE(records.MarkDone("libera", "h:1", "worker-a").ok());
  EXPECT_EQ(redis::Get(env.client(), key).value(), "done");
  EXPECT_LE(env.PTtl(key), pending_ttl);
  EXPECT_GT(env.PTtl(key), 0);
}

TEST(RedisLineRecordsTest, ARecordThatIsNotOneIsDataLoss) {
  RedisTestKeys env;
  RedisLineRecords records(env.client(), env.keys());
  ASSERT_TRUE(redis::Set(env.client(), env.keys().Line("libera", "h:1"), "garbage").ok());
  EXPECT_EQ(records.TryBegin("libera", "h:1", "worker-a", "p").status().code(),
            absl::StatusCode::kDataLoss);
}

TEST(RedisLineRecordsTest, ShortTtlsExpireOnTheServer) {
  RedisTestKeys env;
  RedisLineRecords records(env.client(), env.keys(), std::chrono::milliseconds(150));
  ASSERT_TRUE(records.TryBegin("libera", "h:1", "worker-a", "p").ok());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (env.PTtl(env.keys().Line("libera", "h:1")) != -2) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "line record never expired";
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(records.ListPending("libera", "worker-a").value().empty());
  EXPECT_EQ(records.TryBegin("libera", "h:1", "worker-b", "p").value().outcome,
            LineBegin::Outcome::kStarted);
}

}  // namespace
}  // namespace mxedge::irc_worker
