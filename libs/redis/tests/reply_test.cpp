#include "mxedge/redis/reply.hpp"

#include <cmath>

#include "gtest/gtest.h"
#include "mxedge/redis/commands.hpp"
#include "mxedge/redis/redis_client.hpp"

namespace mxedge::redis {
namespace {

TEST(ReplyTest, DefaultIsNil) {
  Reply r;
  EXPECT_TRUE(r.IsNil());
  EXPECT_EQ(r, Reply::Nil());
  EXPECT_EQ(r.DebugString(), "nil");
}

TEST(ReplyTest, CheckedConversions) {
  EXPECT_EQ(*Reply::String("v").AsString(), "v");
  EXPECT_EQ(*Reply::Status("OK").AsString(), "OK");
  EXPECT_EQ(*Reply::Integer(-7).AsInteger(), -7);
  EXPECT_FALSE(Reply::Nil().AsOptionalString()->has_value());
  EXPECT_EQ(**Reply::String("x").AsOptionalString(), "x");
  EXPECT_TRUE(Reply::Nil().AsArray()->empty());
  EXPECT_EQ(Reply::Array({Reply::Integer(1)}).AsArray()->size(), 1u);
  EXPECT_TRUE(Reply::Status("OK").ExpectStatus("OK").ok());
}

TEST(ReplyTest, WrongTypeIsInternalErrorNamingBothTypes) {
  absl::StatusOr<int64_t> n = Reply::String("12").AsInteger();
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.status().code(), absl::StatusCode::kInternal);
  EXPECT_NE(n.status().message().find("expected integer, got string"), absl::string_view::npos);
  EXPECT_EQ(Reply::Integer(1).AsString().status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(Reply::Integer(1).AsArray().status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(Reply::Status("QUEUED").ExpectStatus("OK").code(), absl::StatusCode::kInternal);
}

TEST(ReplyTest, ErrorReplyConvertsToServerError) {
  absl::StatusOr<std::string> s = Reply::Error("WRONGTYPE Operation against a key").AsString();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(IsServerError(s.status(), "WRONGTYPE"));
}

TEST(ReplyTest, AsDoubleParsesRedisNumbers) {
  EXPECT_EQ(*Reply::String("1.5").AsDouble(), 1.5);
  EXPECT_EQ(*Reply::String("1700000000123").AsDouble(), 1700000000123.0);
  EXPECT_TRUE(std::isinf(*Reply::String("inf").AsDouble()));
  EXPECT_LT(*Reply::String("-inf").AsDouble(), 0);
  EXPECT_FALSE(Reply::String("").AsDouble().ok());
  EXPECT_FALSE(Reply::String("1.5x").AsDouble().ok());
  EXPECT_FALSE(Reply::String("nan").AsDouble().ok());
  EXPECT_FALSE(Reply::Integer(3).AsDouble().ok());
}

TEST(ReplyTest, DebugStringEscapesAndTruncates) {
  Reply nested = Reply::Array({Reply::String("a\"\n"), Reply::Integer(5), Reply::Nil(),
                               Reply::Status("OK"), Reply::Error("ERR x")});
  EXPECT_EQ(nested.DebugString(), R"(["a\x22\x0a", 5, nil, +"OK", -"ERR x"])");
  const std::string long_text(100, 'z');
  EXPECT_NE(Reply::String(long_text).DebugString().find("...(100 bytes)"), std::string::npos);
}

TEST(ReplyTest, EqualityComparesTypeAndContent) {
  EXPECT_EQ(Reply::String("a"), Reply::String("a"));
  EXPECT_NE(Reply::String("a"), Reply::Status("a"));
  EXPECT_NE(Reply::Array({Reply::Integer(1)}), Reply::Array({Reply::Integer(2)}));
}

TEST(ServerErrorFromReplyTest, MapsErrorCodes) {
  EXPECT_EQ(ServerErrorFromReply("evalsha", "NOSCRIPT No matching script").code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ServerErrorFromReply("set", "ERR syntax error").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ServerErrorFromReply("get", "LOADING Redis is loading").code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(ServerErrorFromReply("x", "SOMETHINGNEW else").code(), absl::StatusCode::kUnknown);
  absl::Status s = ServerErrorFromReply("evalsha", "NOSCRIPT No matching script");
  EXPECT_EQ(s.message(), "redis EVALSHA: NOSCRIPT No matching script");
  EXPECT_EQ(*ServerErrorMessage(s), "NOSCRIPT No matching script");
  EXPECT_TRUE(IsServerError(s, "NOSCRIPT"));
  EXPECT_FALSE(IsServerError(s, "NOSCRIPTX"));
  EXPECT_FALSE(IsServerError(absl::UnavailableError("NOSCRIPT"), "NOSCRIPT"));
  EXPECT_FALSE(ServerErrorMessage(absl::OkStatus()).has_value());
}

TEST(FormatScoreTest, RoundTripsExactly) {
  EXPECT_EQ(FormatScore(1700000000123.0), "1700000000123");
  EXPECT_EQ(FormatScore(0.1), "0.1");
  EXPECT_EQ(FormatScore(-2.5), "-2.5");
  EXPECT_EQ(FormatScore(INFINITY), "+inf");
  EXPECT_EQ(FormatScore(-INFINITY), "-inf");
  const double tricky = 1.0 / 3.0;
  EXPECT_EQ(*Reply::String(FormatScore(tricky)).AsDouble(), tricky);
}

}  // namespace
}  // namespace mxedge::redis
