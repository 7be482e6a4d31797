#include "matrix_out_errors.hpp"

#include <gtest/gtest.h>

#include "matrix_out_membership_cache.hpp"
#include "mxedge/common/status_mapping.hpp"
#include "mxedge/rpc/status_conversion.hpp"

namespace mxedge::appservice_router {
namespace {

TEST(MatrixOutErrorsTest, RefusalBecomesTheReplyError) {
  absl::Status refusal = common::WithRetryAfter(
      common::WithMatrixErrcode(
          absl::ResourceExhaustedError("send: HTTP 429 M_LIMIT_EXCEEDED: Too Many Requests"),
          "M_LIMIT_EXCEEDED"),
      std::chrono::milliseconds(2000));
  v1::MatrixError error;
  grpc::Status answer = AnswerFor(refusal, error);
  EXPECT_TRUE(answer.ok());
  EXPECT_EQ(error.errcode(), "M_LIMIT_EXCEEDED");
  EXPECT_EQ(error.error(), "Too Many Requests");
  EXPECT_EQ(error.http_status(), 429);
  EXPECT_EQ(error.retry_after_ms(), 2000);
}

TEST(MatrixOutErrorsTest, RefusalWithoutHttpStatusUsesTheCode) {
  absl::Status refusal =
      common::WithMatrixErrcode(absl::InvalidArgumentError("bad link"), "M_INVALID_PARAM");
  v1::MatrixError error;
  EXPECT_TRUE(AnswerFor(refusal, error).ok());
  EXPECT_EQ(error.errcode(), "M_INVALID_PARAM");
  EXPECT_EQ(error.http_status(), 400);
  EXPECT_EQ(error.error(), "bad link");
  EXPECT_EQ(error.retry_after_ms(), 0);
}

TEST(MatrixOutErrorsTest, NoAnswerIsAGrpcError) {
  v1::MatrixError error;
  grpc::Status unavailable = AnswerFor(absl::UnavailableError("connect refused"), error);
  EXPECT_EQ(unavailable.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(error.errcode(), "");
  grpc::Status invalid = AnswerFor(absl::InvalidArgumentError("room_id is not valid"), error);
  EXPECT_EQ(invalid.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(invalid.error_message(), "room_id is not valid");
  EXPECT_TRUE(AnswerFor(absl::OkStatus(), error).ok());
}

TEST(MatrixOutMembershipCacheTest, TracksRegistrationAndMembership) {
  MatrixOutMembershipCache cache;
  EXPECT_FALSE(cache.IsRegistered("@irc_a:hs"));
  cache.MarkRegistered("@irc_a:hs");
  EXPECT_TRUE(cache.IsRegistered("@irc_a:hs"));
  cache.MarkJoined("!r:hs", "@irc_a:hs");
  EXPECT_TRUE(cache.IsJoined("!r:hs", "@irc_a:hs"));
  EXPECT_FALSE(cache.IsJoined("!r:hs", "@irc_b:hs"));
  EXPECT_FALSE(cache.IsJoined("!s:hs", "@irc_a:hs"));
  cache.ForgetJoined("!r:hs", "@irc_a:hs");
  EXPECT_FALSE(cache.IsJoined("!r:hs", "@irc_a:hs"));
}

TEST(MatrixOutMembershipCacheTest, StaysBounded) {
  MatrixOutMembershipCache cache(3);
  for (int i = 0; i < 10; ++i) {
    cache.MarkJoined("!r" + std::to_string(i) + ":hs", "@u:hs");
    EXPECT_LE(cache.joined_size(), 3u);
  }
  EXPECT_TRUE(cache.IsJoined("!r9:hs", "@u:hs"));
}

}  // namespace
}  // namespace mxedge::appservice_router
