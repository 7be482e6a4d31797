#include "mxedge/indieweb/indieauth_client.hpp"

#include <gtest/gtest.h>

#include "fake_web.hpp"
#include "mxedge/http/percent_encoding.hpp"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::indieweb {
namespace {

using http::Response;
using testing::FakeWeb;
using testing::Html;

const ClientIdentity kClient{"https://client.example/", "https://client.example/callback"};

PendingAuthorization Pending() {
  PendingAuthorization p;
  p.state = "st";
  p.code_verifier = "verifier-123";
  p.me = "https://me.example/";
  p.issuer = "https://auth.example/";
  p.authorization_endpoint = "https://auth.example/auth";
  p.token_endpoint = "https://auth.example/token";
  p.discovery_urls = {"https://me.example/", "https://www.me.example/"};
  return p;
}

std::multimap<std::string, std::string> FormOf(const http::ClientRequest& request) {
  return http::ParseQueryString(request.body).value();
}

class IndieAuthClientTest : public ::testing::Test {
 protected:
  IndieAuthClientTest()
      : discoverer_(web_.client), client_(web_.client, discoverer_, kClient, clock_) {}
  FakeWeb web_;
  mxedge::testing::FakeClock clock_;
  Discoverer discoverer_;
  IndieAuthClient client_;
};

TEST_F(IndieAuthClientTest, ExchangesTheCodeWithPkceAndVerifiesMe) {
  web_.fake.Enqueue("POST", "https://auth.example/token",
                    Response::Json(200, R"({"access_token":"AT","token_type":"Bearer",
                        "me":"https://ME.example","scope":"create","expires_in":60})"));
  auto grant = client_.ExchangeCode(Pending(), "the-code");
  ASSERT_TRUE(grant.ok()) << grant.status();
  EXPECT_EQ(grant->me, "https://me.example/");
  EXPECT_EQ(grant->access_token, "AT");
  ASSERT_EQ(web_.fake.request_count(), 1u);
  const http::ClientRequest sent = web_.fake.requests()[0];
  EXPECT_EQ(http::FindHeader(sent.headers, "Accept"), "application/json");
  EXPECT_EQ(http::FindHeader(sent.headers, "Content-Type"), "application/x-www-form-urlencoded");
  const auto form = FormOf(sent);
  EXPECT_EQ(form.find("grant_type")->second, "authorization_code");
  EXPECT_EQ(form.find("code")->second, "the-code");
  EXPECT_EQ(form.find("client_id")->second, "https://client.example/");
  EXPECT_EQ(form.find("redirect_uri")->second, "https://client.example/callback");
  EXPECT_EQ(form.find("code_verifier")->second, "verifier-123");
}

TEST_F(IndieAuthClientTest, MeFromTheRedirectChainIsAccepted) {
  web_.fake.Enqueue("POST", "https://auth.example/token",
                    Response::Json(200, R"({"access_token":"AT","me":"https://www.me.example/"})"));
  auto grant = client_.ExchangeCode(Pending(), "c");
  ASSERT_TRUE(grant.ok()) << grant.status();
  EXPECT_EQ(grant->me, "https://www.me.example/");
}

TEST_F(IndieAuthClientTest, MissingMeIsRefused) {
  web_.fake.Enqueue("POST", "https://auth.example/token",
                    Response::Json(200, R"({"access_token":"AT","token_type":"Bearer"})"));
  EXPECT_EQ(client_.ExchangeCode(Pending(), "c").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(IndieAuthClientTest, OtherMeMustDeclareTheSameAuthorizationServer) {
  web_.fake.Enqueue(
      "GET", "https://other.example/",
      Html(R"(<link rel="authorization_endpoint" href="https://auth.example/auth">)"));
  PendingAuthorization legacy = Pending();
  legacy.issuer.clear();
  auto same = client_.VerifyMe(legacy, "https://other.example/");
  ASSERT_TRUE(same.ok()) << same.status();
  EXPECT_EQ(*same, "https://other.example/");

  web_.fake.Enqueue("GET", "https://other.example/",
                    Html(R"(<link rel="authorization_endpoint" href="https://evil.example/a">)"));
  EXPECT_EQ(client_.VerifyMe(legacy, "https://other.example/").status().code(),
            absl::StatusCode::kPermissionDenied);
  // Same endpoint but no issuer while the pending one has an issuer: refused.
  web_.fake.Enqueue(
      "GET", "https://other.example/",
      Html(R"(<link rel="authorization_endpoint" href="https://auth.example/auth">)"));
  EXPECT_EQ(client_.VerifyMe(Pending(), "https://other.example/").status().code(),
            absl::StatusCode::kPermissionDenied);
  // A `me` that cannot even be fetched is refused, not trusted.
  EXPECT_EQ(client_.VerifyMe(Pending(), "https://internal.example/").status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(client_.VerifyMe(Pending(), "ftp://me.example/").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(IndieAuthClientTest, TokenEndpointErrorsPassThrough) {
  web_.fake.Enqueue(
      "POST", "https://auth.example/token",
      Response::Json(
          401,
          R"({"error":"unauthorized","error_description":"Invalid value provided for: `code_verifier`"})"));
  auto grant = client_.ExchangeCode(Pending(), "c");
  EXPECT_EQ(grant.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(grant.status().message().find("verifier-123"), std::string::npos);
}

TEST_F(IndieAuthClientTest, RefreshKeepsTheOldRefreshTokenUnlessReplaced) {
  web_.fake.Enqueue("POST", "https://auth.example/token",
                    Response::Json(200, R"({"access_token":"AT2","expires_in":10})"));
  auto grant = client_.Refresh("https://auth.example/token", "RT1");
  ASSERT_TRUE(grant.ok()) << grant.status();
  EXPECT_EQ(grant->access_token, "AT2");
  EXPECT_EQ(grant->refresh_token, "RT1");
  const auto form = FormOf(web_.fake.requests()[0]);
  EXPECT_EQ(form.find("grant_type")->second, "refresh_token");
  EXPECT_EQ(form.find("refresh_token")->second, "RT1");
  EXPECT_EQ(form.find("client_id")->second, "https://client.example/");
  EXPECT_EQ(form.count("scope"), 0u);

  web_.fake.Enqueue("POST", "https://auth.example/token",
                    Response::Json(200, R"({"access_token":"AT3","refresh_token":"RT2"})"));
  auto rotated = client_.Refresh("https://auth.example/token", "RT1", "create");
  ASSERT_TRUE(rotated.ok());
  EXPECT_EQ(rotated->refresh_token, "RT2");
  EXPECT_EQ(FormOf(web_.fake.requests()[1]).find("scope")->second, "create");
  EXPECT_EQ(client_.Refresh("https://auth.example/token", "").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(IndieAuthClientTest, RevokesAtTheRevocationEndpointOrTheLegacyWay) {
  web_.fake.Enqueue("POST", "https://auth.example/revoke", Response::Text(200, ""));
  ASSERT_TRUE(
      client_.Revoke("https://auth.example/revoke", "https://auth.example/token", "AT").ok());
  auto form = FormOf(web_.fake.requests()[0]);
  EXPECT_EQ(form.find("token")->second, "AT");
  EXPECT_EQ(form.count("action"), 0u);

  web_.fake.Enqueue("POST", "https://auth.example/token", Response::Text(200, ""));
  ASSERT_TRUE(client_.Revoke("", "https://auth.example/token", "AT").ok());
  form = FormOf(web_.fake.requests()[1]);
  EXPECT_EQ(form.find("action")->second, "revoke");
  EXPECT_EQ(form.find("token")->second, "AT");

  web_.fake.Enqueue("POST", "https://auth.example/token", Response::Text(500, "oops"));
  EXPECT_EQ(client_.Revoke("", "https://auth.example/token", "AT").code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(client_.Revoke("", "", "AT").code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace mxedge::indieweb
