#include "redis_micropub_store.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "absl/strings/match.h"
#include "micropub_store_contract.hpp"
#include "mxedge/common/secret_box.hpp"
#include "mxedge/redis/commands.hpp"
#include "mxedge/testing/shared_redis.hpp"

namespace mxedge::micropub {
namespace {

using mxedge::testing::SharedRedis;
using mxedge::testing::TestKeyPrefix;
using std::chrono::milliseconds;

const common::SecretBox& TestBox() {
  static const common::SecretBox box =
      *common::SecretBox::Create("0123456789abcdef0123456789abcdef");
  return box;
}

class RedisMicropubEnv {
 public:
  static constexpr milliseconds kShortTtl{200};
  static constexpr milliseconds kLongTtl{600'000};

  MicropubStore& store() { return store_; }
  // Waits (polling with a deadline) until Redis has expired the record.
  void LetExpire(milliseconds ttl) {
    const auto deadline = std::chrono::steady_clock::now() + ttl + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
      absl::StatusOr<redis::Reply> keys =
          redis::Call(*SharedRedis().client, {"KEYS", prefix_.prefix() + "mp:*"});
      ASSERT_TRUE(keys.ok()) << keys.status();
      bool live = false;
      for (const redis::Reply& key : keys->elements()) {
        absl::StatusOr<int64_t> pttl = redis::PTtl(*SharedRedis().client, key.str());
        live = live || (pttl.ok() && *pttl >= 0);  // 0: under 1 ms left, not yet expired
      }
      if (!live) {
        return;
      }
      std::this_thread::sleep_for(milliseconds(5));
    }
    FAIL() << "records with a TTL never expired";
  }

 private:
  TestKeyPrefix prefix_;
  RedisMicropubStore store_{*SharedRedis().client, TestBox(), prefix_.prefix()};
};

INSTANTIATE_TYPED_TEST_SUITE_P(RedisMicropubContract, MicropubStoreContractTest, RedisMicropubEnv);

TEST(RedisMicropubStoreTest, TokensAndVerifierAreSealedAtRest) {
  TestKeyPrefix prefix;
  redis::RedisClient& client = *SharedRedis().client;
  RedisMicropubStore store(client, TestBox(), prefix.prefix());
  ASSERT_TRUE(store.PutSite("@alice:hs.test", SampleSite("https://a.example/")).ok());
  ASSERT_TRUE(store.PutAuth(SampleLink("state-x"), milliseconds(600'000)).ok());

  const std::string site =
      redis::HGet(client, store.Key("mp:user:@alice:hs.test"), "site:https://a.example/")
          .value()
          .value_or("");
  EXPECT_TRUE(absl::StrContains(site, "\"me\":\"https://a.example/\""));
  EXPECT_FALSE(absl::StrContains(site, "access-https://a.example/"));
  EXPECT_FALSE(absl::StrContains(site, "refresh-https://a.example/"));

  const std::string auth = redis::Get(client, store.Key("mp:auth:state-x")).value().value_or("");
  EXPECT_FALSE(auth.empty());
  EXPECT_FALSE(absl::StrContains(auth, "verifier-0123456789"));
  const int64_t pttl = redis::PTtl(client, store.Key("mp:auth:state-x")).value();
  EXPECT_GT(pttl, 0);
  EXPECT_LE(pttl, 600'000);
}

TEST(RedisMicropubStoreTest, ASealedTokenMovedToAnotherUserDoesNotOpen) {
  TestKeyPrefix prefix;
  redis::RedisClient& client = *SharedRedis().client;
  RedisMicropubStore store(client, TestBox(), prefix.prefix());
  ASSERT_TRUE(store.PutSite("@alice:hs.test", SampleSite("https://a.example/")).ok());
  const std::string site =
      redis::HGet(client, store.Key("mp:user:@alice:hs.test"), "site:https://a.example/")
          .value()
          .value_or("");
  ASSERT_TRUE(
      redis::HSet(client, store.Key("mp:user:@mallory:hs.test"), "site:https://a.example/", site)
          .ok());
  absl::StatusOr<std::vector<LinkedSite>> sites = store.Sites("@mallory:hs.test");
  EXPECT_EQ(sites.status().code(), absl::StatusCode::kDataLoss) << sites.status();
  EXPECT_FALSE(absl::StrContains(sites.status().message(), "access-"));
}

TEST(RedisMicropubStoreTest, CorruptRecordsAreDataLossNamingTheKey) {
  TestKeyPrefix prefix;
  redis::RedisClient& client = *SharedRedis().client;
  RedisMicropubStore store(client, TestBox(), prefix.prefix());
  ASSERT_TRUE(redis::Set(client, store.Key("mp:post:$bad"), "{not json").ok());
  absl::StatusOr<std::optional<PostRecord>> post = store.Post("$bad");
  EXPECT_EQ(post.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(absl::StrContains(post.status().message(), "mp:post:$bad"));

  ASSERT_TRUE(redis::HSet(client, store.Key("mp:user:@a:hs"), "prefs", "[]").ok());
  EXPECT_EQ(store.Prefs("@a:hs").status().code(), absl::StatusCode::kDataLoss);

  ASSERT_TRUE(redis::Set(client, store.Key("mp:auth:s"), "not sealed").ok());
  EXPECT_EQ(store.TakeAuth("s").status().code(), absl::StatusCode::kDataLoss);
}

TEST(RedisMicropubStoreTest, UnreachableRedisIsAStatus) {
  redis::HiredisOptions options;
  options.url = "redis://127.0.0.1:1";
  absl::StatusOr<std::unique_ptr<redis::HiredisClient>> client =
      redis::HiredisClient::Create(options);
  ASSERT_TRUE(client.ok()) << client.status();
  RedisMicropubStore store(**client, TestBox(), "x:");
  EXPECT_FALSE(store.Sites("@a:hs").ok());
  EXPECT_FALSE(store.PutRoom("!r:hs", "@a:hs").ok());
}

}  // namespace
}  // namespace mxedge::micropub
