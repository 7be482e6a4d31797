#include "mxedge/matrix/homeserver_errors.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mxedge/common/status_mapping.hpp"

namespace mxedge::matrix {
namespace {

using ::testing::HasSubstr;

const auto kNow = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));

TEST(CodeFromHttpStatusTest, MapsEveryClass) {
  EXPECT_EQ(CodeFromHttpStatus(200), absl::StatusCode::kOk);
  EXPECT_EQ(CodeFromHttpStatus(204), absl::StatusCode::kOk);
  EXPECT_EQ(CodeFromHttpStatus(400), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CodeFromHttpStatus(401), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(CodeFromHttpStatus(403), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CodeFromHttpStatus(404), absl::StatusCode::kNotFound);
  EXPECT_EQ(CodeFromHttpStatus(405), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(CodeFromHttpStatus(408), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(CodeFromHttpStatus(409), absl::StatusCode::kAborted);
  EXPECT_EQ(CodeFromHttpStatus(413), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(CodeFromHttpStatus(418), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CodeFromHttpStatus(429), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(CodeFromHttpStatus(500), absl::StatusCode::kInternal);
  EXPECT_EQ(CodeFromHttpStatus(501), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(CodeFromHttpStatus(502), absl::StatusCode::kUnavailable);
  EXPECT_EQ(CodeFromHttpStatus(503), absl::StatusCode::kUnavailable);
  EXPECT_EQ(CodeFromHttpStatus(504), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(CodeFromHttpStatus(302), absl::StatusCode::kInternal);
}

TEST(StatusFromResponseTest, KeepsErrcodeAndMessage) {
  absl::Status status = StatusFromResponse(
      http::Response::MatrixError(403, "M_FORBIDDEN", "You are not invited"), "join !r:s", kNow);
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(status.message(), "join !r:s: HTTP 403 M_FORBIDDEN: You are not invited");
  EXPECT_EQ(common::MatrixErrcodeOf(status), "M_FORBIDDEN");
  EXPECT_FALSE(common::RetryAfterOf(status).has_value());
}

TEST(StatusFromResponseTest, RateLimitCarriesRetryAfter) {
  http::Response response = http::Response::Json(
      429, R"({"errcode":"M_LIMIT_EXCEEDED","error":"Too many","retry_after_ms":2500})");
  absl::Status status = StatusFromResponse(response, "send", kNow);
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(common::MatrixErrcodeOf(status), "M_LIMIT_EXCEEDED");
  EXPECT_EQ(common::RetryAfterOf(status), std::chrono::milliseconds(2500));

  http::Response header_only = http::Response::Text(503, "down");
  header_only.headers.emplace("Retry-After", "3");
  absl::Status unavailable = StatusFromResponse(header_only, "send", kNow);
  EXPECT_EQ(unavailable.code(), absl::StatusCode::kUnavailable);
  EXPECT_FALSE(common::MatrixErrcodeOf(unavailable).has_value());
  EXPECT_EQ(common::RetryAfterOf(unavailable), std::chrono::milliseconds(3000));
}

TEST(StatusFromResponseTest, NonJsonErrorBodiesStillMap) {
  absl::Status status =
      StatusFromResponse(http::Response::Text(502, "<html>bad gateway</html>"), "versions", kNow);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(status.message(), "versions: HTTP 502");
  EXPECT_TRUE(StatusFromResponse(http::Response::Json(200, "{}"), "x", kNow).ok());
}

TEST(StatusFromResponseTest, LongErrorTextIsCut) {
  const std::string long_error(5000, 'e');
  absl::Status status =
      StatusFromResponse(http::Response::MatrixError(400, "M_UNKNOWN", long_error), "x", kNow);
  EXPECT_LT(status.message().size(), 400u);
  EXPECT_THAT(std::string(status.message()), HasSubstr("M_UNKNOWN"));
}

}  // namespace
}  // namespace mxedge::matrix
