#include "mxedge/indieweb/token_response.hpp"

#include <gtest/gtest.h>

#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::indieweb {
namespace {

using http::Response;

Response Form(int status, std::string body) {
  Response r;
  r.status = status;
  r.headers.emplace("Content-Type", "application/x-www-form-urlencoded");
  r.body = std::move(body);
  return r;
}

TEST(ParseTokenResponseTest, ReadsJsonWithExpiryAndRefreshToken) {
  mxedge::testing::FakeClock clock;
  auto grant = ParseTokenResponse(
      Response::Json(200, R"({"access_token":"at","token_type":"Bearer","me":"https://me.example/",
        "scope":" create update ","expires_in":3600,"refresh_token":"rt","profile":{"name":"x"}})"),
      clock);
  ASSERT_TRUE(grant.ok()) << grant.status();
  EXPECT_EQ(grant->access_token, "at");
  EXPECT_EQ(grant->me, "https://me.example/");
  EXPECT_EQ(grant->scope, "create update");
  EXPECT_EQ(grant->refresh_token, "rt");
  ASSERT_TRUE(grant->expires_at.has_value());
  EXPECT_EQ(*grant->expires_at - clock.Now(), std::chrono::seconds(3600));
}

TEST(ParseTokenResponseTest, AcceptsMissingTokenTypeAndLegacyForms) {
  mxedge::testing::FakeClock clock;
  auto json = ParseTokenResponse(
      Response::Json(200, R"({"access_token":"at","me":"https://me.example/","scope":"create"})"),
      clock);
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_TRUE(json->token_type.empty());
  EXPECT_FALSE(json->expires_at.has_value());
  auto form = ParseTokenResponse(
      Form(200, "access_token=a%2Bb&scope=create+update&me=https%3A%2F%2Fme.example%2F"), clock);
  ASSERT_TRUE(form.ok()) << form.status();
  EXPECT_EQ(form->access_token, "a+b");
  EXPECT_EQ(form->scope, "create update");
  EXPECT_EQ(form->me, "https://me.example/");
}

TEST(ParseTokenResponseTest, MapsOAuthErrors) {
  mxedge::testing::FakeClock clock;
  auto invalid_grant = ParseTokenResponse(
      Response::Json(400, R"({"error":"invalid_grant","error_description":"code used"})"), clock);
  EXPECT_EQ(invalid_grant.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(invalid_grant.status().message().find("invalid_grant (code used)"), std::string::npos);
  EXPECT_EQ(
      ParseTokenResponse(Response::Json(401, R"({"error":"unauthorized"})"), clock).status().code(),
      absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(ParseTokenResponse(Response::Json(400, R"({"error":"invalid_request"})"), clock)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseTokenResponse(Response::Text(403, "no"), clock).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(
      ParseTokenResponse(Response::Text(502, "<html>bad gateway</html>"), clock).status().code(),
      absl::StatusCode::kUnavailable);
  EXPECT_EQ(ParseTokenResponse(Response::Json(200, R"({"error":"invalid_grant"})"), clock)
                .status()
                .code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(ParseTokenResponseTest, MalformedSuccessIsInvalidArgument) {
  mxedge::testing::FakeClock clock;
  for (const char* body :
       {R"({"token_type":"Bearer"})", R"({"access_token":"a","token_type":"mac"})",
        R"({"access_token":"a","expires_in":-5})", R"({"access_token":"a","expires_in":1.5})",
        R"({"access_token":"a","expires_in":"soon"})", "{broken", "%zz"}) {
    auto grant = ParseTokenResponse(Response::Json(200, body), clock);
    EXPECT_EQ(grant.status().code(), absl::StatusCode::kInvalidArgument) << body;
  }
  EXPECT_FALSE(ParseTokenResponse(Response::Json(200, std::string(70'000, ' ')), clock).ok());
}

}  // namespace
}  // namespace mxedge::indieweb
