// Every typed helper against a real redis-server.
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mxedge/redis/commands.hpp"
#include "mxedge/redis/hiredis_client.hpp"
#include "mxedge/redis/script.hpp"
#include "mxedge/redis/stream_commands.hpp"
#include "mxedge/testing/redis_server.hpp"

namespace mxedge::redis {
namespace {

using std::chrono::milliseconds;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

class CommandsIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::RedisServer>> server = testing::RedisServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    HiredisOptions options;
    options.url = server_->url();
    absl::StatusOr<std::unique_ptr<HiredisClient>> client = HiredisClient::Create(options);
    ASSERT_TRUE(client.ok()) << client.status();
    client_ = *std::move(client);
  }

  RedisClient& c() { return *client_; }

  std::unique_ptr<testing::RedisServer> server_;
  std::unique_ptr<HiredisClient> client_;
};

TEST_F(CommandsIntegrationTest, StringsAndKeys) {
  EXPECT_TRUE(Ping(c()).ok());
  EXPECT_FALSE(Get(c(), "s:a")->has_value());
  EXPECT_TRUE(*Set(c(), "s:a", "1"));
  EXPECT_EQ(**Get(c(), "s:a"), "1");
  // NX: the second claimant loses; XX: only existing keys.
  EXPECT_TRUE(*Set(c(), "s:owner", "w1", {SetCondition::kIfNotExists, milliseconds(3000)}));
  EXPECT_FALSE(*Set(c(), "s:owner", "w2", {SetCondition::kIfNotExists, milliseconds(3000)}));
  EXPECT_FALSE(*Set(c(), "s:none", "x", {SetCondition::kIfExists}));
  int64_t ttl = *PTtl(c(), "s:owner");
  EXPECT_GT(ttl, 2000);
  EXPECT_LE(ttl, 3000);
  EXPECT_TRUE(*Set(c(), "s:owner", "w1b", {SetCondition::kIfExists, std::nullopt, true}));
  EXPECT_GT(*PTtl(c(), "s:owner"), 2000);  // KEEPTTL
  EXPECT_EQ(*PTtl(c(), "s:a"), kPTtlNoExpiry);
  EXPECT_EQ(*PTtl(c(), "s:missing"), kPTtlNoKey);
  EXPECT_TRUE(*PExpire(c(), "s:a", milliseconds(9000)));
  EXPECT_FALSE(*PExpire(c(), "s:missing", milliseconds(9000)));
  EXPECT_GT(*PTtl(c(), "s:a"), 8000);
  EXPECT_TRUE(*Exists(c(), "s:a"));
  const std::vector<std::string> keys = {"s:a", "s:owner", "s:missing"};
  EXPECT_EQ(*Exists(c(), keys), 2);
  EXPECT_EQ(**GetDel(c(), "s:owner"), "w1b");
  EXPECT_FALSE(GetDel(c(), "s:owner")->has_value());
  EXPECT_EQ(*Incr(c(), "s:n"), 1);
  EXPECT_EQ(*Incr(c(), "s:n"), 2);
  EXPECT_EQ(*Del(c(), keys), 1);
  EXPECT_EQ(*Del(c(), "s:n"), 1);
  EXPECT_EQ(Incr(c(), "s:text").status().code(), absl::StatusCode::kOk);
  ASSERT_TRUE(*Set(c(), "s:text", "abc"));
  EXPECT_EQ(Incr(c(), "s:text").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(CommandsIntegrationTest, Hashes) {
  const std::vector<FieldValue> fields = {{"addr", "127.0.0.1:50052"}, {"epoch", "3"}};
  EXPECT_EQ(*HSet(c(), "h:w", fields), 2);
  EXPECT_EQ(*HSet(c(), "h:w", "epoch", "4"), 0);
  EXPECT_EQ(**HGet(c(), "h:w", "epoch"), "4");
  EXPECT_FALSE(HGet(c(), "h:w", "nope")->has_value());
  EXPECT_EQ(*HIncrBy(c(), "h:w", "conns", 5), 5);
  EXPECT_EQ(*HIncrBy(c(), "h:w", "conns", -2), 3);
  std::map<std::string, std::string> all = *HGetAll(c(), "h:w");
  EXPECT_EQ(all, (std::map<std::string, std::string>{
                     {"addr", "127.0.0.1:50052"}, {"epoch", "4"}, {"conns", "3"}}));
  const std::vector<std::string> del = {"addr", "nope"};
  EXPECT_EQ(*HDel(c(), "h:w", del), 1);
  EXPECT_TRUE(HGetAll(c(), "h:missing")->empty());
}

TEST_F(CommandsIntegrationTest, Sets) {
  const std::vector<std::string> members = {"@a:x", "@b:x", "@a:x"};
  EXPECT_EQ(*SAdd(c(), "set:want", members), 2);
  EXPECT_TRUE(*SIsMember(c(), "set:want", "@a:x"));
  EXPECT_FALSE(*SIsMember(c(), "set:want", "@c:x"));
  EXPECT_THAT(*SMembers(c(), "set:want"), UnorderedElementsAre("@a:x", "@b:x"));
  const std::vector<std::string> rem = {"@a:x"};
  EXPECT_EQ(*SRem(c(), "set:want", rem), 1);
  EXPECT_THAT(*SMembers(c(), "set:want"), ElementsAre("@b:x"));
}

TEST_F(CommandsIntegrationTest, SortedSets) {
  const std::vector<ScoredMember> workers = {
      {"w1", 1700000000100.0}, {"w2", 1700000000200.0}, {"w3", 1700000000300.0}};
  EXPECT_EQ(*ZAdd(c(), "z:workers", workers), 3);
  EXPECT_EQ(*ZAdd(c(), "z:workers", "w1", 1700000000400.0), 0);
  EXPECT_EQ(**ZScore(c(), "z:workers", "w1"), 1700000000400.0);
  EXPECT_FALSE(ZScore(c(), "z:workers", "nobody")->has_value());
  EXPECT_THAT(*ZRangeByScore(c(), "z:workers", ScoreBound::Inclusive(1700000000200.0),
                             ScoreBound::PosInf()),
              ElementsAre(ScoredMember{"w2", 1700000000200.0}, ScoredMember{"w3", 1700000000300.0},
                          ScoredMember{"w1", 1700000000400.0}));
  EXPECT_THAT(*ZRangeByScore(c(), "z:workers", ScoreBound::Exclusive(1700000000200.0),
                             ScoreBound::PosInf(), RangeLimit{0, 1}),
              ElementsAre(ScoredMember{"w3", 1700000000300.0}));
  EXPECT_EQ(*ZRemRangeByScore(c(), "z:workers", ScoreBound::NegInf(),
                              ScoreBound::Inclusive(1700000000250.0)),
            1);
  const std::vector<std::string> rem = {"w3", "nobody"};
  EXPECT_EQ(*ZRem(c(), "z:workers", rem), 1);
  EXPECT_THAT(*ZRangeByScore(c(), "z:workers", ScoreBound::NegInf(), ScoreBound::PosInf()),
              ElementsAre(ScoredMember{"w1", 1700000000400.0}));
}

TEST_F(CommandsIntegrationTest, ConfigGetAndNoEvictionCheck) {
  EXPECT_EQ(**ConfigGet(c(), "maxmemory-policy"), "noeviction");
  EXPECT_FALSE(ConfigGet(c(), "no-such-parameter")->has_value());
  EXPECT_TRUE(CheckNoEviction(c()).ok());

  testing::RedisServerOptions lru;
  lru.maxmemory_policy = "allkeys-lru";
  absl::StatusOr<std::unique_ptr<testing::RedisServer>> server = testing::RedisServer::Start(lru);
  ASSERT_TRUE(server.ok()) << server.status();
  HiredisOptions options;
  options.url = (*server)->url();
  std::unique_ptr<HiredisClient> lru_client = *HiredisClient::Create(options);
  absl::Status s = CheckNoEviction(*lru_client);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("allkeys-lru"), absl::string_view::npos) << s;
}

TEST_F(CommandsIntegrationTest, ScriptsFallBackToEvalAfterScriptFlush) {
  // Compare-and-delete, as ownership uses it.
  const Script release(
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) "
      "else return 0 end");
  const std::vector<std::string> keys = {"sc:owner"};
  ASSERT_TRUE(*Set(c(), "sc:owner", "me"));
  const std::vector<std::string> other = {"someone-else"};
  const std::vector<std::string> me = {"me"};
  // First call: unknown SHA -> NOSCRIPT -> EVAL.
  EXPECT_EQ(*EvalScript(c(), release, keys, other), Reply::Integer(0));
  const std::vector<std::string> exists = {"SCRIPT", "EXISTS", release.sha1()};
  EXPECT_EQ(*client_->Execute(exists), Reply::Array({Reply::Integer(1)}));
  ASSERT_TRUE(Call(c(), {"SCRIPT", "FLUSH"}).ok());
  EXPECT_EQ(*client_->Execute(exists), Reply::Array({Reply::Integer(0)}));
  EXPECT_EQ(*EvalScript(c(), release, keys, me), Reply::Integer(1));
  EXPECT_FALSE(*Exists(c(), "sc:owner"));
  // A script's own error is a status, not retried.
  const Script broken("return redis.error_reply('LEASE lost')");
  absl::StatusOr<Reply> failed = EvalScript(c(), broken, keys, me);
  EXPECT_FALSE(failed.ok());
  EXPECT_TRUE(IsServerError(failed.status(), "LEASE")) << failed.status();
}

TEST_F(CommandsIntegrationTest, StreamsWithConsumerGroupsAndTakeover) {
  const std::string s = "st:events:0";
  ASSERT_TRUE(XGroupCreate(c(), s, "router", "0").ok());
  ASSERT_TRUE(XGroupCreate(c(), s, "router", "0").ok());  // BUSYGROUP is success
  XAddOptions capped;
  capped.max_len_approx = 10000;
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    const std::vector<FieldValue> fields = {{"room", "!r:x"}, {"n", std::to_string(i)}};
    absl::StatusOr<std::string> id = XAdd(c(), s, fields, capped);
    ASSERT_TRUE(id.ok()) << id.status();
    ids.push_back(*id);
  }
  EXPECT_EQ(*XLen(c(), s), 5);

  XReadGroupOptions two;
  two.count = 2;
  std::vector<StreamEntry> got = *XReadGroup(c(), "router", "r1", s, ">", two);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].id, ids[0]);
  EXPECT_EQ(*got[1].Field("n"), "1");
  EXPECT_EQ(*XAck(c(), s, "router", std::vector<std::string>{ids[0]}), 1);

  // r2 reads the rest; r1 still holds ids[1] unacked.
  got = *XReadGroup(c(), "router", "r2", s, ">", {});
  ASSERT_EQ(got.size(), 3u);
  PendingSummary summary = *XPendingSummary(c(), s, "router");
  EXPECT_EQ(summary.count, 4);
  EXPECT_EQ(summary.min_id, ids[1]);
  EXPECT_EQ(summary.max_id, ids[4]);
  EXPECT_THAT(summary.consumers, UnorderedElementsAre(std::pair<std::string, int64_t>("r1", 1),
                                                      std::pair<std::string, int64_t>("r2", 3)));
  XPendingQuery r1_only;
  r1_only.consumer = "r1";
  std::vector<PendingEntry> pending = *XPendingRange(c(), s, "router", r1_only);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].id, ids[1]);
  EXPECT_EQ(pending[0].deliveries, 1);

  // r1 "dies": r3 takes over everything idle for >= 0 ms, in id order.
  AutoClaimResult claim = *XAutoClaim(c(), s, "router", "r3", milliseconds(0), "0-0", 100);
  EXPECT_EQ(claim.next_cursor, "0-0");
  ASSERT_EQ(claim.entries.size(), 4u);
  EXPECT_EQ(claim.entries[0].id, ids[1]);
  EXPECT_TRUE(claim.deleted_ids.empty());
  pending = *XPendingRange(c(), s, "router", {});
  ASSERT_EQ(pending.size(), 4u);
  for (const PendingEntry& p : pending) EXPECT_EQ(p.consumer, "r3");
  EXPECT_EQ(pending[0].deliveries, 2);

  // A pending entry whose payload was trimmed shows up as deleted.
  EXPECT_EQ(*XTrimMinId(c(), s, ids[2]), 2);
  claim = *XAutoClaim(c(), s, "router", "r4", milliseconds(0), "0-0", 100);
  EXPECT_THAT(claim.deleted_ids, ElementsAre(ids[1]));
  ASSERT_EQ(claim.entries.size(), 3u);
  EXPECT_EQ(claim.entries[0].id, ids[2]);

  // History of r4 (id 0) and acks.
  got = *XReadGroup(c(), "router", "r4", s, "0", {});
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(*XAck(c(), s, "router", std::vector<std::string>{ids[2], ids[3], ids[4]}), 3);
  EXPECT_EQ(XPendingSummary(c(), s, "router")->count, 0);
  std::vector<StreamEntry> range = *XRange(c(), s, "-", "+", 2);
  ASSERT_EQ(range.size(), 2u);
  EXPECT_EQ(range[0].id, ids[2]);
  EXPECT_THAT(range[1].fields, ElementsAre(FieldValue{"room", "!r:x"}, FieldValue{"n", "3"}));
}

TEST_F(CommandsIntegrationTest, BlockingReadWakesOnAddAndTimesOutEmpty) {
  const std::string s = "st:block";
  ASSERT_TRUE(XGroupCreate(c(), s, "g").ok());
  XReadGroupOptions block;
  block.block = milliseconds(100);
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<std::vector<StreamEntry>> none = XReadGroup(c(), "g", "c", s, ">", block);
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_TRUE(none->empty());
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(90));

  block.block = milliseconds(5000);
  std::thread producer([&] {
    // Waits until the reader is blocked (CLIENT LIST shows the XREADGROUP), then adds.
    for (int i = 0; i < 500; ++i) {
      absl::StatusOr<Reply> list = Call(c(), {"CLIENT", "LIST"});
      if (list.ok() && list->str().find("cmd=xreadgroup") != std::string::npos) break;
      std::this_thread::yield();
    }
    const std::vector<FieldValue> fields = {{"k", "v"}};
    XAdd(c(), s, fields).IgnoreError();
  });
  const auto wait_start = std::chrono::steady_clock::now();
  absl::StatusOr<std::vector<StreamEntry>> got = XReadGroup(c(), "g", "c", s, ">", block);
  producer.join();
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_EQ(got->size(), 1u);
  EXPECT_LT(std::chrono::steady_clock::now() - wait_start, milliseconds(4000));
}

TEST_F(CommandsIntegrationTest, XAddNoMkStreamAndMinIdTrim) {
  const std::vector<FieldValue> fields = {{"k", "v"}};
  XAddOptions no_create;
  no_create.no_mkstream = true;
  EXPECT_EQ(XAdd(c(), "st:absent", fields, no_create).status().code(), absl::StatusCode::kNotFound);
  EXPECT_FALSE(*Exists(c(), "st:absent"));
  XAddOptions explicit_id;
  explicit_id.id = "10-1";
  EXPECT_EQ(*XAdd(c(), "st:ids", fields, explicit_id), "10-1");
  explicit_id.id = "5-0";
  EXPECT_EQ(XAdd(c(), "st:ids", fields, explicit_id).status().code(),
            absl::StatusCode::kInvalidArgument);
  XAddOptions min_id;
  min_id.id = "20-0";
  min_id.min_id = "15-0";
  EXPECT_EQ(*XAdd(c(), "st:ids", fields, min_id), "20-0");
  // "~" trims whole radix-tree nodes only, so a tiny stream keeps its entries; exact trim does not.
  EXPECT_EQ(*XLen(c(), "st:ids"), 2);
  EXPECT_EQ(*XTrimMinId(c(), "st:ids", "15-0", true), 0);
  EXPECT_EQ(*XTrimMinId(c(), "st:ids", "15-0"), 1);
  EXPECT_EQ(*XLen(c(), "st:ids"), 1);
  EXPECT_EQ(XReadGroup(c(), "nogroup", "c", "st:ids").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace mxedge::redis
