// Argument building and reply parsing of the typed helpers, against a scripted client.
#include "mxedge/redis/commands.hpp"

#include <deque>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mxedge/redis/script.hpp"
#include "mxedge/redis/stream_commands.hpp"

namespace mxedge::redis {
namespace {

using ::testing::ElementsAre;

// Returns queued replies in order and records every command and its options.
class ScriptedClient : public RedisClient {
 public:
  void Push(absl::StatusOr<Reply> reply) { replies_.push_back(std::move(reply)); }

  absl::StatusOr<Reply> Execute(std::span<const std::string> args, CallOptions options) override {
    calls.emplace_back(args.begin(), args.end());
    timeouts.push_back(options.timeout);
    if (replies_.empty()) return absl::InternalError("scripted client: no reply queued");
    absl::StatusOr<Reply> r = std::move(replies_.front());
    replies_.pop_front();
    if (r.ok() && r->IsError()) return ServerErrorFromReply(args[0], r->str());
    return r;
  }
  absl::StatusOr<std::vector<Reply>> Pipeline(const std::vector<std::vector<std::string>>&,
                                              CallOptions) override {
    return absl::UnimplementedError("scripted client: no pipelines");
  }

  std::vector<std::vector<std::string>> calls;
  std::vector<std::optional<std::chrono::milliseconds>> timeouts;

 private:
  std::deque<absl::StatusOr<Reply>> replies_;
};

Reply Strings(std::initializer_list<const char*> items) {
  std::vector<Reply> out;
  for (const char* s : items) out.push_back(Reply::String(s));
  return Reply::Array(std::move(out));
}

TEST(SetTest, BuildsConditionAndTtlAndReadsNilAsNotSet) {
  ScriptedClient c;
  c.Push(Reply::Status("OK"));
  c.Push(Reply::Nil());
  EXPECT_TRUE(*Set(c, "k", "v", {SetCondition::kIfNotExists, std::chrono::milliseconds(3000)}));
  EXPECT_FALSE(*Set(c, "k", "v", {SetCondition::kIfExists, std::nullopt, true}));
  EXPECT_THAT(c.calls[0], ElementsAre("SET", "k", "v", "NX", "PX", "3000"));
  EXPECT_THAT(c.calls[1], ElementsAre("SET", "k", "v", "XX", "KEEPTTL"));
}

TEST(SetTest, RejectsConflictingOptionsWithoutSending) {
  ScriptedClient c;
  EXPECT_EQ(
      Set(c, "k", "v", {SetCondition::kAlways, std::chrono::milliseconds(5), true}).status().code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Set(c, "k", "v", {SetCondition::kAlways, std::chrono::milliseconds(0)}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(c.calls.empty());
}

TEST(CommandsTest, UnexpectedReplyShapesAreInternalErrors) {
  ScriptedClient c;
  c.Push(Reply::Integer(1));                  // GET
  c.Push(Reply::String("x"));                 // INCR
  c.Push(Strings({"a"}));                     // HGETALL with odd elements
  c.Push(Strings({"m", "notanum"}));          // ZRANGEBYSCORE
  c.Push(Reply::Array({Reply::Integer(1)}));  // SMEMBERS
  c.Push(Strings({"a", "b", "c"}));           // CONFIG GET
  EXPECT_EQ(Get(c, "k").status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(Incr(c, "k").status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(HGetAll(c, "h").status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(ZRangeByScore(c, "z", ScoreBound::NegInf(), ScoreBound::PosInf()).status().code(),
            absl::StatusCode::kInternal);
  EXPECT_EQ(SMembers(c, "s").status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(ConfigGet(c, "maxmemory-policy").status().code(), absl::StatusCode::kInternal);
}

TEST(CommandsTest, TransportErrorsPassThrough) {
  ScriptedClient c;
  c.Push(absl::UnavailableError("redis 127.0.0.1:1: connection refused"));
  EXPECT_EQ(Ping(c).code(), absl::StatusCode::kUnavailable);
}

TEST(ZRangeByScoreTest, FormatsBoundsAndLimit) {
  ScriptedClient c;
  c.Push(Strings({"w1", "1700000000000", "w2", "inf"}));
  absl::StatusOr<std::vector<ScoredMember>> r =
      ZRangeByScore(c, "z", ScoreBound::Exclusive(1.5), ScoreBound::PosInf(), RangeLimit{0, 10});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(c.calls[0],
              ElementsAre("ZRANGEBYSCORE", "z", "(1.5", "+inf", "WITHSCORES", "LIMIT", "0", "10"));
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0], (ScoredMember{"w1", 1700000000000.0}));
  EXPECT_TRUE(std::isinf((*r)[1].score));
}

TEST(CheckNoEvictionTest, NamesTheOffendingPolicy) {
  ScriptedClient c;
  c.Push(Strings({"maxmemory-policy", "volatile-lru"}));
  c.Push(Reply::Array({}));
  absl::Status s = CheckNoEviction(c);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("volatile-lru"), absl::string_view::npos);
  EXPECT_EQ(CheckNoEviction(c).code(), absl::StatusCode::kFailedPrecondition);
}

TEST(XReadGroupTest, BlockExtendsTheCallTimeoutAndForeverIsRefused) {
  ScriptedClient c;
  c.Push(Reply::Nil());
  XReadGroupOptions options;
  options.count = 2;
  options.block = std::chrono::milliseconds(500);
  absl::StatusOr<std::vector<StreamEntry>> r = XReadGroup(c, "g", "c1", "s", ">", options);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
  EXPECT_THAT(c.calls[0], ElementsAre("XREADGROUP", "GROUP", "g", "c1", "COUNT", "2", "BLOCK",
                                      "500", "STREAMS", "s", ">"));
  EXPECT_EQ(c.timeouts[0], std::chrono::milliseconds(1500));
  options.block = std::chrono::milliseconds(0);
  EXPECT_EQ(XReadGroup(c, "g", "c1", "s", ">", options).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(c.calls.size(), 1u);
}

TEST(XReadGroupTest, ParsesDeletedPendingEntries) {
  ScriptedClient c;
  c.Push(Reply::Array({Reply::Array(
      {Reply::String("s"), Reply::Array({Reply::Array({Reply::String("1-0"), Strings({"f", "v"})}),
                                         Reply::Array({Reply::String("2-0"), Reply::Nil()})})})}));
  absl::StatusOr<std::vector<StreamEntry>> r = XReadGroup(c, "g", "c1", "s", "0");
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ(*(*r)[0].Field("f"), "v");
  EXPECT_FALSE((*r)[0].Field("g").has_value());
  EXPECT_TRUE((*r)[1].deleted);
}

TEST(XReadGroupTest, MalformedEntriesAreInternalErrors) {
  ScriptedClient c;
  c.Push(Reply::Array({Reply::Array({Reply::String("s"), Reply::Array({Strings({"1-0"})})})}));
  c.Push(Reply::Array(
      {Reply::Array({Reply::String("s"),
                     Reply::Array({Reply::Array({Reply::String("1-0"), Strings({"odd"})})})})}));
  c.Push(Reply::Integer(3));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(XReadGroup(c, "g", "c", "s").status().code(), absl::StatusCode::kInternal);
  }
}

TEST(XAutoClaimTest, SplitsEntriesAndDeletedIds) {
  ScriptedClient c;
  c.Push(Reply::Array({Reply::String("5-0"),
                       Reply::Array({Reply::Array({Reply::String("3-0"), Strings({"a", "1"})})}),
                       Strings({"4-0"})}));
  absl::StatusOr<AutoClaimResult> r =
      XAutoClaim(c, "s", "g", "c2", std::chrono::milliseconds(100), "0-0", 10);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(c.calls[0], ElementsAre("XAUTOCLAIM", "s", "g", "c2", "100", "0-0", "COUNT", "10"));
  EXPECT_EQ(r->next_cursor, "5-0");
  ASSERT_EQ(r->entries.size(), 1u);
  EXPECT_EQ(r->entries[0].id, "3-0");
  EXPECT_THAT(r->deleted_ids, ElementsAre("4-0"));
}

TEST(XPendingTest, SummaryOfEmptyGroupAndConsumerCountsAsStrings) {
  ScriptedClient c;
  c.Push(Reply::Array({Reply::Integer(0), Reply::Nil(), Reply::Nil(), Reply::Nil()}));
  c.Push(Reply::Array({Reply::Integer(3), Reply::String("1-0"), Reply::String("3-0"),
                       Reply::Array({Strings({"c1", "2"}), Strings({"c2", "1"})})}));
  absl::StatusOr<PendingSummary> empty = XPendingSummary(c, "s", "g");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->count, 0);
  absl::StatusOr<PendingSummary> s = XPendingSummary(c, "s", "g");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->min_id, "1-0");
  EXPECT_EQ(s->max_id, "3-0");
  EXPECT_THAT(s->consumers, ElementsAre(std::pair<std::string, int64_t>("c1", 2),
                                        std::pair<std::string, int64_t>("c2", 1)));
}

TEST(XAddTest, BuildsTrimOptions) {
  ScriptedClient c;
  c.Push(Reply::String("1-0"));
  c.Push(Reply::Nil());
  const std::vector<FieldValue> fields = {{"k", "v"}};
  XAddOptions capped;
  capped.max_len_approx = 10000;
  EXPECT_EQ(*XAdd(c, "s", fields, capped), "1-0");
  EXPECT_THAT(c.calls[0], ElementsAre("XADD", "s", "MAXLEN", "~", "10000", "*", "k", "v"));
  XAddOptions no_create;
  no_create.no_mkstream = true;
  no_create.min_id = "5-0";
  EXPECT_EQ(XAdd(c, "s", fields, no_create).status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(c.calls[1],
              ElementsAre("XADD", "s", "NOMKSTREAM", "MINID", "~", "5-0", "*", "k", "v"));
}

TEST(ScriptTest, Sha1MatchesRedis) {
  // SHA1("return 1"), as SCRIPT LOAD reports it.
  EXPECT_EQ(Script("return 1").sha1(), "e0e1f9fabfc9d4800c877a703b823ac0578ff8db");
}

TEST(EvalScriptTest, FallsBackToEvalOnNoScriptOnly) {
  ScriptedClient c;
  const Script script("return KEYS[1]");
  const std::vector<std::string> keys = {"k"};
  const std::vector<std::string> args = {"a"};
  c.Push(Reply::Error("NOSCRIPT No matching script. Please use EVAL."));
  c.Push(Reply::String("k"));
  c.Push(Reply::Error("ERR user_script:1: boom"));
  EXPECT_EQ(*EvalScript(c, script, keys, args), Reply::String("k"));
  EXPECT_THAT(c.calls[0], ElementsAre("EVALSHA", script.sha1(), "1", "k", "a"));
  EXPECT_THAT(c.calls[1], ElementsAre("EVAL", "return KEYS[1]", "1", "k", "a"));
  absl::StatusOr<Reply> failed = EvalScript(c, script, keys, args);
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(c.calls.size(), 3u);  // a script error is not retried with EVAL
}

}  // namespace
}  // namespace mxedge::redis
