// RedisIntakeStore on a real redis-server: atomic store, duplicate and replaced outcomes, groups.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mxedge/redis/commands.hpp"
#include "mxedge/redis/hiredis_client.hpp"
#include "mxedge/redis/stream_commands.hpp"
#include "mxedge/testing/redis_server.hpp"
#include "redis_intake_store.hpp"

namespace mxedge::appservice_router {
namespace {

class RedisIntakeStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::RedisServer>> server = testing::RedisServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    redis::HiredisOptions options;
    options.url = server_->url();
    absl::StatusOr<std::unique_ptr<redis::HiredisClient>> client =
        redis::HiredisClient::Create(options);
    ASSERT_TRUE(client.ok());
    client_ = std::move(*client);
    store_ = std::make_unique<RedisIntakeStore>(
        RedisIntakeStoreOptions{"t:", 4, std::chrono::hours(24)}, *client_);
  }

  IntakeBatch Batch(std::string txn, std::string fingerprint, std::vector<std::string> rooms) {
    IntakeBatch batch{std::move(txn), std::move(fingerprint), 1234, {}};
    for (const std::string& room : rooms) {
      batch.entries.push_back(IntakeEntry{room, "{\"room_id\":\"" + room + "\"}", false, ""});
    }
    return batch;
  }

  int64_t Total() {
    int64_t total = 0;
    for (int shard = 0; shard < 4; ++shard) {
      total += redis::XLen(*client_, ShardStreamKey("t:", shard)).value_or(0);
    }
    return total;
  }

  std::unique_ptr<testing::RedisServer> server_;
  std::unique_ptr<redis::HiredisClient> client_;
  std::unique_ptr<RedisIntakeStore> store_;
};

TEST_F(RedisIntakeStoreTest, PrepareCreatesTheGroupOnEveryShardIdempotently) {
  ASSERT_TRUE(store_->Prepare().ok());
  ASSERT_TRUE(store_->Prepare().ok());
  for (int shard = 0; shard < 4; ++shard) {
    absl::StatusOr<redis::PendingSummary> pending =
        redis::XPendingSummary(*client_, ShardStreamKey("t:", shard), "router");
    EXPECT_TRUE(pending.ok()) << shard << ": " << pending.status();
  }
}

TEST_F(RedisIntakeStoreTest, StoresInOrderPerShardWithTheFields) {
  ASSERT_TRUE(store_->Prepare().ok());
  std::vector<std::string> rooms = {"!a:x", "!a:x", "!b:x", "!a:x"};
  ASSERT_EQ(*store_->Store(Batch("1", "fp", rooms)), IntakeOutcome::kStored);
  EXPECT_EQ(Total(), 4);
  absl::StatusOr<std::vector<redis::StreamEntry>> a =
      redis::XRange(*client_, ShardStreamKey("t:", ShardFor("!a:x", 4)));
  ASSERT_TRUE(a.ok());
  std::vector<std::string_view> events;
  for (const redis::StreamEntry& entry : *a) {
    if (entry.Field("event") == "{\"room_id\":\"!a:x\"}") {
      events.push_back(*entry.Field("event"));
      EXPECT_EQ(entry.Field("txn"), "1");
      EXPECT_EQ(entry.Field("received_ms"), "1234");
      EXPECT_EQ(entry.Field("kind"), "room");
      EXPECT_FALSE(entry.Field("sinks").has_value());
    }
  }
  EXPECT_EQ(events.size(), 3u);
  // The group created with id 0 sees entries added before and after Prepare.
  absl::StatusOr<std::vector<redis::StreamEntry>> read =
      redis::XReadGroup(*client_, "router", "c1", ShardStreamKey("t:", ShardFor("!b:x", 4)));
  ASSERT_TRUE(read.ok());
  EXPECT_FALSE(read->empty());
}

TEST_F(RedisIntakeStoreTest, DuplicateAndReplacedTransactions) {
  EXPECT_EQ(*store_->Store(Batch("5", "fp-1", {"!a:x"})), IntakeOutcome::kStored);
  EXPECT_EQ(*store_->Store(Batch("5", "fp-1", {"!a:x"})), IntakeOutcome::kDuplicate);
  EXPECT_EQ(Total(), 1);
  EXPECT_EQ(*store_->Store(Batch("5", "fp-2", {"!c:x", "!d:x"})), IntakeOutcome::kReplaced);
  EXPECT_EQ(Total(), 3);
  EXPECT_EQ(redis::Get(*client_, "t:as:txn:5")->value_or(""), "fp-2");
  absl::StatusOr<redis::Reply> ttl = redis::Call(*client_, {"PTTL", "t:as:txn:5"});
  ASSERT_TRUE(ttl.ok());
  EXPECT_GT(ttl->integer(), 23 * 3600 * 1000);
}

TEST_F(RedisIntakeStoreTest, EphemeralEntriesCarryTheirSinks) {
  IntakeBatch batch = Batch("e", "fp", {});
  batch.entries.push_back(IntakeEntry{"@a:x", "{\"type\":\"m.presence\"}", true, "irc:libera"});
  ASSERT_EQ(*store_->Store(batch), IntakeOutcome::kStored);
  absl::StatusOr<std::vector<redis::StreamEntry>> entries =
      redis::XRange(*client_, ShardStreamKey("t:", ShardFor("@a:x", 4)));
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].Field("kind"), "ephemeral");
  EXPECT_EQ((*entries)[0].Field("sinks"), "irc:libera");
}

TEST_F(RedisIntakeStoreTest, UnreachableRedisIsUnavailableAndWritesNothing) {
  ASSERT_TRUE(server_->Stop().ok());
  absl::StatusOr<IntakeOutcome> outcome = store_->Store(Batch("9", "fp", {"!a:x"}));
  EXPECT_EQ(outcome.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(outcome.status().message(), ::testing::HasSubstr("storing transaction 9"));
}

TEST(RedisIntakeStorePolicyTest, PrepareRefusesAnEvictingRedis) {
  testing::RedisServerOptions options;
  options.maxmemory_policy = "volatile-lru";
  absl::StatusOr<std::unique_ptr<testing::RedisServer>> server =
      testing::RedisServer::Start(options);
  ASSERT_TRUE(server.ok());
  redis::HiredisOptions client_options;
  client_options.url = (*server)->url();
  std::unique_ptr<redis::HiredisClient> client = *redis::HiredisClient::Create(client_options);
  RedisIntakeStore store(RedisIntakeStoreOptions{}, *client);
  absl::Status s = store.Prepare();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), ::testing::HasSubstr("volatile-lru"));
}

}  // namespace
}  // namespace mxedge::appservice_router
