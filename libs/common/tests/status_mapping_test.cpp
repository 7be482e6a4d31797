#include "mxedge/common/status_mapping.hpp"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace mxedge::common {
namespace {

struct Row {
  absl::StatusCode code;
  int http;
  CoapCode coap;
  std::string_view errcode;
};

const std::vector<Row>& Table() {
  static const std::vector<Row> rows = {
      {absl::StatusCode::kOk, 200, {2, 5}, ""},
      {absl::StatusCode::kCancelled, 499, {5, 3}, "M_UNKNOWN"},
      {absl::StatusCode::kUnknown, 500, {5, 0}, "M_UNKNOWN"},
      {absl::StatusCode::kInvalidArgument, 400, {4, 0}, "M_INVALID_PARAM"},
      {absl::StatusCode::kDeadlineExceeded, 504, {5, 4}, "M_UNKNOWN"},
      {absl::StatusCode::kNotFound, 404, {4, 4}, "M_NOT_FOUND"},
      {absl::StatusCode::kAlreadyExists, 409, {4, 9}, "M_UNKNOWN"},
      {absl::StatusCode::kPermissionDenied, 403, {4, 3}, "M_FORBIDDEN"},
      {absl::StatusCode::kResourceExhausted, 429, {4, 29}, "M_LIMIT_EXCEEDED"},
      {absl::StatusCode::kFailedPrecondition, 400, {4, 0}, "M_UNKNOWN"},
      {absl::StatusCode::kAborted, 409, {4, 9}, "M_UNKNOWN"},
      {absl::StatusCode::kOutOfRange, 400, {4, 0}, "M_INVALID_PARAM"},
      {absl::StatusCode::kUnimplemented, 501, {5, 1}, "M_UNRECOGNIZED"},
      {absl::StatusCode::kInternal, 500, {5, 0}, "M_UNKNOWN"},
      {absl::StatusCode::kUnavailable, 503, {5, 3}, "M_UNKNOWN"},
      {absl::StatusCode::kDataLoss, 500, {5, 0}, "M_UNKNOWN"},
      {absl::StatusCode::kUnauthenticated, 401, {4, 1}, "M_UNAUTHORIZED"},
  };
  return rows;
}

TEST(StatusMappingTest, EveryCodeHasItsHttpCoapAndErrcode) {
  std::set<absl::StatusCode> seen;
  for (const Row& row : Table()) {
    SCOPED_TRACE(absl::StatusCodeToString(row.code));
    seen.insert(row.code);
    EXPECT_EQ(HttpStatusFromCode(row.code), row.http);
    EXPECT_EQ(CoapCodeFromCode(row.code), row.coap);
    EXPECT_EQ(MatrixErrcodeFor(absl::Status(row.code, "x")), row.errcode);
  }
  EXPECT_EQ(seen.size(), 17u);  // all canonical codes 0..16
}

TEST(StatusMappingTest, CoapNeverAnswersZeroAndEncodesTheCodeByte) {
  for (int c = 0; c <= 16; ++c) {
    const CoapCode coap = CoapCodeFromCode(static_cast<absl::StatusCode>(c));
    EXPECT_NE(coap.ToByte(), 0) << c;
  }
  EXPECT_EQ(CoapCodeFromCode(static_cast<absl::StatusCode>(99)), (CoapCode{5, 0}));
  EXPECT_EQ((CoapCode{4, 4}).ToByte(), 0x84);
  EXPECT_EQ((CoapCode{4, 29}).ToByte(), 0x9d);
  EXPECT_EQ((CoapCode{2, 5}).ToByte(), 0x45);
  EXPECT_EQ((CoapCode{4, 4}).ToString(), "4.04");
  EXPECT_EQ((CoapCode{4, 29}).ToString(), "4.29");
}

TEST(StatusMappingTest, AttachedErrcodeWinsOverTheDerivedOne) {
  const absl::Status status =
      WithMatrixErrcode(absl::InvalidArgumentError("body is not JSON"), "M_NOT_JSON");
  EXPECT_EQ(MatrixErrcodeOf(status), "M_NOT_JSON");
  EXPECT_EQ(MatrixErrcodeFor(status), "M_NOT_JSON");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MatrixErrcodeOf(absl::InvalidArgumentError("x")), std::nullopt);
}

TEST(StatusMappingTest, PayloadsAreNotAttachedToOk) {
  EXPECT_TRUE(WithMatrixErrcode(absl::OkStatus(), "M_FORBIDDEN").ok());
  EXPECT_EQ(MatrixErrcodeOf(WithMatrixErrcode(absl::OkStatus(), "M_FORBIDDEN")), std::nullopt);
  EXPECT_EQ(RetryAfterOf(WithRetryAfter(absl::OkStatus(), std::chrono::seconds(1))), std::nullopt);
}

TEST(StatusMappingTest, RetryAfterRoundTripsAndClampsNegative) {
  const absl::Status limited = WithRetryAfter(absl::ResourceExhaustedError("flood control"),
                                              std::chrono::milliseconds(1500));
  EXPECT_EQ(RetryAfterOf(limited), std::chrono::milliseconds(1500));
  EXPECT_EQ(
      RetryAfterOf(WithRetryAfter(absl::UnavailableError("x"), std::chrono::milliseconds(-5))),
      std::chrono::milliseconds(0));
  EXPECT_EQ(RetryAfterOf(absl::UnavailableError("x")), std::nullopt);
}

TEST(StatusMappingTest, PublicMessageHidesInternalDetail) {
  EXPECT_EQ(PublicMessage(absl::InternalError("redis 10.0.0.7:6379: EVALSHA NOSCRIPT")),
            "Internal server error");
  EXPECT_EQ(PublicMessage(absl::UnavailableError("connect homeserver:8008 refused")),
            "Service unavailable");
  EXPECT_EQ(PublicMessage(absl::PermissionDeniedError("hs_token mismatch for as_token abc")),
            "Forbidden");
  EXPECT_EQ(PublicMessage(absl::UnauthenticatedError("no token")), "Authentication required");
  // Messages about the client's own request are passed through.
  EXPECT_EQ(PublicMessage(absl::InvalidArgumentError("'events' must be an array")),
            "'events' must be an array");
  EXPECT_EQ(PublicMessage(absl::NotFoundError("")), "Not found");
  // An explicit public message always wins.
  EXPECT_EQ(PublicMessage(WithPublicMessage(absl::InternalError("detail"), "Try again later")),
            "Try again later");
}

TEST(StatusMappingTest, MatrixErrorCarriesStatusErrcodeMessageAndRetry) {
  const MatrixError limited = ToMatrixError(WithRetryAfter(
      absl::ResourceExhaustedError("user @a:b over quota"), std::chrono::milliseconds(2001)));
  EXPECT_EQ(limited.http_status, 429);
  EXPECT_EQ(limited.ToJson(),
            R"({"errcode":"M_LIMIT_EXCEEDED","error":"Too many requests","retry_after_ms":2001})");
  EXPECT_EQ(limited.RetryAfterHeader(), "3");

  const MatrixError forbidden =
      ToMatrixError(WithMatrixErrcode(absl::PermissionDeniedError("bad hs_token"), "M_FORBIDDEN"));
  EXPECT_EQ(forbidden.http_status, 403);
  EXPECT_EQ(forbidden.ToJson(), R"({"errcode":"M_FORBIDDEN","error":"Forbidden"})");
  EXPECT_EQ(forbidden.RetryAfterHeader(), std::nullopt);

  const MatrixError quoted = ToMatrixError(absl::InvalidArgumentError("bad \"key\"\n"));
  EXPECT_EQ(quoted.ToJson(), R"({"errcode":"M_INVALID_PARAM","error":"bad \"key\"\n"})");
}

TEST(StatusMappingTest, OkIsNotAnError) {
  const MatrixError error = ToMatrixError(absl::OkStatus());
  EXPECT_EQ(error.http_status, 500);
  EXPECT_EQ(error.errcode, "M_UNKNOWN");
}

}  // namespace
}  // namespace mxedge::common
