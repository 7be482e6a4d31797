#include "mxedge/indieweb/authorization_request.hpp"

#include <gtest/gtest.h>

#include "mxedge/http/percent_encoding.hpp"
#include "mxedge/indieweb/pkce.hpp"
#include "mxedge/indieweb/url.hpp"

namespace mxedge::indieweb {
namespace {

Discovery Discovered() {
  Discovery d;
  d.final_url = "https://me.example/";
  d.urls = {"https://me.example/"};
  d.issuer = "https://auth.example/";
  d.authorization_endpoint = "https://auth.example/auth?tenant=7";
  d.token_endpoint = "https://auth.example/token";
  d.revocation_endpoint = "https://auth.example/revoke";
  d.micropub_endpoint = "https://me.example/micropub";
  d.metadata = ServerMetadata{};
  d.metadata->code_challenge_methods_supported = {"S256"};
  return d;
}

const ClientIdentity kClient{"https://bot.example/", "https://bot.example/callback"};

TEST(BuildAuthorizationRequestTest, CarriesEveryParameterAndKeepsThePending) {
  auto request = BuildAuthorizationRequest(Discovered(), kClient, "https://me.example/");
  ASSERT_TRUE(request.ok()) << request.status();
  auto url = ParseUrl(request->url);
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->Origin(), "https://auth.example");
  EXPECT_EQ(url->path, "/auth");
  auto params = http::ParseQueryString(url->query);
  ASSERT_TRUE(params.ok());
  auto one = [&](const char* key) {
    EXPECT_EQ(params->count(key), 1u) << key;
    auto it = params->find(key);
    return it == params->end() ? std::string() : it->second;
  };
  EXPECT_EQ(one("tenant"), "7");
  EXPECT_EQ(one("response_type"), "code");
  EXPECT_EQ(one("client_id"), "https://bot.example/");
  EXPECT_EQ(one("redirect_uri"), "https://bot.example/callback");
  EXPECT_EQ(one("scope"), "create update delete undelete media");
  EXPECT_EQ(one("me"), "https://me.example/");
  EXPECT_EQ(one("code_challenge_method"), "S256");
  const PendingAuthorization& p = request->pending;
  EXPECT_EQ(one("state"), p.state);
  EXPECT_GE(p.state.size(), 22u);  // at least 128 bits
  EXPECT_EQ(one("code_challenge"), PkceChallengeS256(p.code_verifier));
  EXPECT_EQ(p.issuer, "https://auth.example/");
  EXPECT_EQ(p.token_endpoint, "https://auth.example/token");
  EXPECT_EQ(p.revocation_endpoint, "https://auth.example/revoke");
  EXPECT_EQ(p.micropub_endpoint, "https://me.example/micropub");
  EXPECT_EQ(p.discovery_urls, std::vector<std::string>{"https://me.example/"});
  EXPECT_EQ(request->url.find(p.code_verifier), std::string::npos);
  auto again = BuildAuthorizationRequest(Discovered(), kClient, "https://me.example/");
  EXPECT_NE(again->pending.state, p.state);
  EXPECT_NE(again->pending.code_verifier, p.code_verifier);
}

TEST(BuildAuthorizationRequestTest, RefusesWhatCannotWork) {
  Discovery no_auth = Discovered();
  no_auth.authorization_endpoint.clear();
  EXPECT_EQ(BuildAuthorizationRequest(no_auth, kClient, "https://me.example/").status().code(),
            absl::StatusCode::kFailedPrecondition);
  Discovery no_token = Discovered();
  no_token.token_endpoint.clear();
  EXPECT_EQ(BuildAuthorizationRequest(no_token, kClient, "https://me.example/").status().code(),
            absl::StatusCode::kFailedPrecondition);
  Discovery plain_only = Discovered();
  plain_only.metadata->code_challenge_methods_supported = {"plain"};
  EXPECT_EQ(BuildAuthorizationRequest(plain_only, kClient, "https://me.example/").status().code(),
            absl::StatusCode::kFailedPrecondition);
  const ClientIdentity cross{"https://bot.example/", "https://evil.example/cb"};
  EXPECT_EQ(BuildAuthorizationRequest(Discovered(), cross, "https://me.example/").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      BuildAuthorizationRequest(Discovered(), kClient, "https://me.example/", " ").status().code(),
      absl::StatusCode::kInvalidArgument);
}

TEST(BuildAuthorizationRequestTest, LegacyServersWithoutMetadataStillGetPkce) {
  Discovery legacy = Discovered();
  legacy.metadata.reset();
  legacy.issuer.clear();
  auto request = BuildAuthorizationRequest(legacy, kClient, "https://me.example/", "create");
  ASSERT_TRUE(request.ok());
  EXPECT_NE(request->url.find("code_challenge="), std::string::npos);
  EXPECT_NE(request->url.find("scope=create&"), std::string::npos);
  EXPECT_TRUE(request->pending.issuer.empty());
}

}  // namespace
}  // namespace mxedge::indieweb
