#include "mxedge/rpc/status_conversion.hpp"

#include <gtest/gtest.h>

#include "mxedge/common/status_mapping.hpp"

namespace mxedge::rpc {
namespace {

using std::chrono::milliseconds;

TEST(StatusConversionTest, OkMapsToOk) {
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
  EXPECT_TRUE(FromGrpcStatus(grpc::Status::OK).ok());
}

TEST(StatusConversionTest, CodesMapOneToOne) {
  for (int raw = 1; raw <= 16; ++raw) {
    absl::Status status(static_cast<absl::StatusCode>(raw), "x");
    grpc::Status wire = ToGrpcStatus(status);
    EXPECT_EQ(static_cast<int>(wire.error_code()), raw);
    EXPECT_EQ(static_cast<int>(FromGrpcStatus(wire).code()), raw);
  }
}

TEST(StatusConversionTest, KeepsErrcodeAndRetryHint) {
  absl::Status status = common::WithRetryAfter(
      common::WithMatrixErrcode(absl::ResourceExhaustedError("slow down"), "M_LIMIT_EXCEEDED"),
      milliseconds(2500));
  grpc::Status wire = ToGrpcStatus(status);
  EXPECT_EQ(wire.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(wire.error_details(), "errcode=M_LIMIT_EXCEEDED;retry_after_ms=2500");
  absl::Status back = FromGrpcStatus(wire);
  EXPECT_EQ(back.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(common::MatrixErrcodeOf(back).value_or(""), "M_LIMIT_EXCEEDED");
  EXPECT_EQ(common::RetryAfterOf(back).value_or(milliseconds(-1)), milliseconds(2500));
}

TEST(StatusConversionTest, SendsOnlyThePublicMessage) {
  absl::Status internal = absl::UnavailableError("connect to 10.0.0.7:8008 failed");
  grpc::Status wire = ToGrpcStatus(internal);
  EXPECT_EQ(wire.error_message().find("10.0.0.7"), std::string::npos);
  absl::Status client = absl::InvalidArgumentError("path must start with /_matrix/client/");
  EXPECT_EQ(ToGrpcStatus(client).error_message(), "path must start with /_matrix/client/");
}

TEST(StatusConversionTest, IgnoresMalformedDetails) {
  absl::Status base = absl::PermissionDeniedError("no");
  for (std::string_view details : {"garbage", "errcode=", "errcode=M BAD", "retry_after_ms=-5",
                                   "retry_after_ms=abc", "=;=;;", "errcode=M_X=Y"}) {
    absl::Status out = ApplyStatusDetails(base, details);
    EXPECT_EQ(out.code(), absl::StatusCode::kPermissionDenied) << details;
    EXPECT_FALSE(common::MatrixErrcodeOf(out).has_value()) << details;
    EXPECT_FALSE(common::RetryAfterOf(out).has_value()) << details;
  }
}

}  // namespace
}  // namespace mxedge::rpc
