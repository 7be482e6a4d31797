#include "mxedge/indieweb/authorization_callback.hpp"

#include <gtest/gtest.h>

namespace mxedge::indieweb {
namespace {

PendingAuthorization Pending(std::string issuer = "https://auth.example/") {
  PendingAuthorization p;
  p.state = "s-123";
  p.issuer = std::move(issuer);
  return p;
}

TEST(CheckAuthorizationCallbackTest, ReturnsTheCodeWhenStateAndIssuerMatch) {
  auto code = CheckAuthorizationCallback(
      {{"code", "c0de"}, {"state", "s-123"}, {"iss", "https://auth.example/"}}, Pending());
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(*code, "c0de");
  // Legacy servers have no metadata and send no iss.
  auto legacy = CheckAuthorizationCallback({{"code", "c"}, {"state", "s-123"}}, Pending(""));
  ASSERT_TRUE(legacy.ok());
  EXPECT_EQ(CallbackState({{"state", "s-123"}}).value(), "s-123");
}

TEST(CheckAuthorizationCallbackTest, RejectsWrongStateAndMixUps) {
  EXPECT_EQ(
      CheckAuthorizationCallback({{"code", "c"}, {"state", "other"}}, Pending("")).status().code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(
      CheckAuthorizationCallback({{"code", "c"}, {"state", "s-123"}}, Pending()).status().code(),
      absl::StatusCode::kPermissionDenied);
  auto mixup = CheckAuthorizationCallback(
      {{"code", "c"}, {"state", "s-123"}, {"iss", "https://evil.example/"}}, Pending());
  EXPECT_EQ(mixup.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(mixup.status().message().find("evil.example"), std::string::npos);
}

TEST(CheckAuthorizationCallbackTest, ReportsErrorsAndMalformedResponses) {
  auto denied = CheckAuthorizationCallback({{"error", "access_denied"},
                                            {"error_description", "User said\nno"},
                                            {"state", "s-123"},
                                            {"iss", "https://auth.example/"}},
                                           Pending());
  EXPECT_EQ(denied.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(denied.status().message().find("access_denied (User said?no)"), std::string::npos)
      << denied.status();
  EXPECT_EQ(CheckAuthorizationCallback({{"state", "s-123"}}, Pending("")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckAuthorizationCallback({{"code", "c"}}, Pending("")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckAuthorizationCallback({{"code", "c"}, {"state", "s-123"}, {"state", "s-123"}},
                                       Pending(""))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  PendingAuthorization empty = Pending("");
  empty.state.clear();
  EXPECT_EQ(CheckAuthorizationCallback({{"code", "c"}, {"state", "x"}}, empty).status().code(),
            absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace mxedge::indieweb
