// The test site as its users see it: the real @benjifs/micropub behind it (creates, the 400 for a
// token sent twice, tokens it does not know) and the scripted IndieAuth server (metadata, PKCE,
// iss, refresh rotation, revocation, expiry as 401).
#include "mxedge/testing/micropub_site.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "mxedge/common/str_cat.hpp"
#include "mxedge/http/percent_encoding.hpp"
#include "nlohmann/json.hpp"
#include "openssl/sha.h"

namespace mxedge::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kClientId[] = "http://127.0.0.1:1/";
constexpr char kRedirectUri[] = "http://127.0.0.1:1/indieauth/redirect";
constexpr char kVerifier[] = "verifier-0123456789-0123456789-0123456789-0123";

std::string Base64Url(const unsigned char* data, size_t size) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  for (size_t i = 0; i < size; i += 3) {
    uint32_t chunk = static_cast<uint32_t>(data[i]) << 16;
    if (i + 1 < size) chunk |= static_cast<uint32_t>(data[i + 1]) << 8;
    if (i + 2 < size) chunk |= data[i + 2];
    const size_t chars = size - i >= 3 ? 4 : size - i + 1;
    for (size_t j = 0; j < chars; ++j) {
      out.push_back(kAlphabet[(chunk >> (18 - 6 * j)) & 0x3f]);
    }
  }
  return out;
}

std::string S256(const std::string& verifier) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), digest);
  return Base64Url(digest, sizeof(digest));
}

http::HeaderMap Headers(std::map<std::string, std::string> values) {
  http::HeaderMap headers;
  for (const auto& [name, value] : values) {
    http::SetHeader(headers, name, value);
  }
  return headers;
}

std::string Form(const std::multimap<std::string, std::string>& fields) {
  return http::BuildQueryString(fields);
}

class MicropubSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<MicropubSite>> site = MicropubSite::Start();
    ASSERT_TRUE(site.ok()) << site.status();
    site_ = std::move(*site);
  }

  // The redirect's query parameters after an authorization request with kVerifier.
  std::multimap<std::string, std::string> Authorize() {
    const std::string query = Form({{"response_type", "code"},
                                    {"client_id", kClientId},
                                    {"redirect_uri", kRedirectUri},
                                    {"state", "state-1"},
                                    {"code_challenge", S256(kVerifier)},
                                    {"code_challenge_method", "S256"},
                                    {"scope", "create update"},
                                    {"me", site_->me()}});
    absl::StatusOr<http::Response> redirect = site_->Send("GET", "/auth?" + query);
    EXPECT_TRUE(redirect.ok()) << redirect.status();
    if (!redirect.ok()) return {};
    EXPECT_EQ(redirect->status, 302) << redirect->body;
    const std::string location = http::FindHeader(redirect->headers, "Location").value_or("");
    EXPECT_THAT(location, StartsWith(std::string(kRedirectUri) + "?"));
    absl::StatusOr<std::multimap<std::string, std::string>> params =
        http::ParseQueryString(location.substr(location.find('?') + 1));
    EXPECT_TRUE(params.ok()) << params.status();
    return params.ok() ? *params : std::multimap<std::string, std::string>{};
  }

  absl::StatusOr<http::Response> Token(const std::multimap<std::string, std::string>& fields) {
    return site_->Send("POST", "/token",
                       Headers({{"Content-Type", "application/x-www-form-urlencoded"},
                                {"Accept", "application/json"}}),
                       Form(fields));
  }

  absl::StatusOr<http::Response> Create(const std::string& token, const std::string& text) {
    nlohmann::json post = {{"type", {"h-entry"}},
                           {"properties", {{"content", {text}}, {"mp-slug", {"fixture-post"}}}}};
    return site_->Send(
        "POST", "/micropub",
        Headers({{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}}),
        post.dump());
  }

  std::unique_ptr<MicropubSite> site_;
};

TEST_F(MicropubSiteTest, ProfileSendsEachRelInItsOwnLinkHeader) {
  absl::StatusOr<http::Response> profile = site_->Send("GET", "/");
  ASSERT_TRUE(profile.ok()) << profile.status();
  EXPECT_EQ(profile->headers.count("Link"), 4u);
  EXPECT_THAT(profile->body, HasSubstr("rel=\"micropub\""));
  absl::StatusOr<http::Response> metadata =
      site_->Send("GET", "/.well-known/oauth-authorization-server");
  ASSERT_TRUE(metadata.ok()) << metadata.status();
  nlohmann::json doc = nlohmann::json::parse(metadata->body);
  EXPECT_EQ(doc["issuer"], site_->me());
  EXPECT_EQ(doc["code_challenge_methods_supported"], nlohmann::json::array({"S256"}));
}

TEST_F(MicropubSiteTest, CodeExchangeChecksThePkceVerifierAndIsSingleUse) {
  std::multimap<std::string, std::string> redirect = Authorize();
  ASSERT_EQ(redirect.count("code"), 1u);
  EXPECT_EQ(redirect.find("state")->second, "state-1");
  EXPECT_EQ(redirect.find("iss")->second, site_->me());
  const std::string code = redirect.find("code")->second;

  absl::StatusOr<http::Response> wrong = Token({{"grant_type", "authorization_code"},
                                                {"code", code},
                                                {"client_id", kClientId},
                                                {"redirect_uri", kRedirectUri},
                                                {"code_verifier", "not-the-verifier"}});
  ASSERT_TRUE(wrong.ok()) << wrong.status();
  EXPECT_EQ(wrong->status, 400);
  EXPECT_THAT(wrong->body, HasSubstr("invalid_grant"));

  // The failed attempt used the code up.
  absl::StatusOr<http::Response> again = Token({{"grant_type", "authorization_code"},
                                                {"code", code},
                                                {"client_id", kClientId},
                                                {"redirect_uri", kRedirectUri},
                                                {"code_verifier", kVerifier}});
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->status, 400);

  std::multimap<std::string, std::string> second = Authorize();
  ASSERT_EQ(second.count("code"), 1u);
  absl::StatusOr<http::Response> ok = Token({{"grant_type", "authorization_code"},
                                             {"code", second.find("code")->second},
                                             {"client_id", kClientId},
                                             {"redirect_uri", kRedirectUri},
                                             {"code_verifier", kVerifier}});
  ASSERT_TRUE(ok.ok()) << ok.status();
  ASSERT_EQ(ok->status, 200) << ok->body;
  nlohmann::json tokens = nlohmann::json::parse(ok->body);
  EXPECT_EQ(tokens["me"], site_->me());
  EXPECT_EQ(tokens["token_type"], "Bearer");
  EXPECT_EQ(tokens["scope"], "create update");
  EXPECT_TRUE(tokens["refresh_token"].is_string());
}

TEST_F(MicropubSiteTest, KnobsChangeIssuerAndMe) {
  ASSERT_TRUE(site_->SetKnobs({.wrong_me = true, .wrong_iss = true}).ok());
  std::multimap<std::string, std::string> redirect = Authorize();
  ASSERT_EQ(redirect.count("iss"), 1u);
  EXPECT_NE(redirect.find("iss")->second, site_->me());
  absl::StatusOr<http::Response> tokens = Token({{"grant_type", "authorization_code"},
                                                 {"code", redirect.find("code")->second},
                                                 {"client_id", kClientId},
                                                 {"redirect_uri", kRedirectUri},
                                                 {"code_verifier", kVerifier}});
  ASSERT_TRUE(tokens.ok()) << tokens.status();
  EXPECT_NE(nlohmann::json::parse(tokens->body)["me"], site_->me());
}

TEST_F(MicropubSiteTest, RealServerCreatesAndRefusesATokenSentTwice) {
  absl::StatusOr<std::string> token = site_->IssueToken("create");
  ASSERT_TRUE(token.ok()) << token.status();
  absl::StatusOr<http::Response> created = Create(*token, "hello");
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->status, 201) << created->body;
  const std::string location = http::FindHeader(created->headers, "Location").value_or("");
  EXPECT_EQ(location, site_->base_url() + "/note/fixture-post");
  absl::StatusOr<nlohmann::json> source = site_->Source(location);
  ASSERT_TRUE(source.ok()) << source.status();
  EXPECT_EQ((*source)["content"], nlohmann::json::array({"hello"}));

  absl::StatusOr<http::Response> twice =
      site_->Send("POST", "/micropub",
                  Headers({{"Authorization", "Bearer " + *token},
                           {"Content-Type", "application/x-www-form-urlencoded"}}),
                  Form({{"h", "entry"}, {"content", "again"}, {"access_token", *token}}));
  ASSERT_TRUE(twice.ok()) << twice.status();
  EXPECT_EQ(twice->status, 400);
  EXPECT_THAT(twice->body, HasSubstr("header and POST body"));
}

TEST_F(MicropubSiteTest, UnknownTokenIsForbiddenAndExpiredTokenIsInvalidToken) {
  absl::StatusOr<http::Response> unknown = Create("not-a-token", "x");
  ASSERT_TRUE(unknown.ok()) << unknown.status();
  EXPECT_EQ(unknown->status, 403);

  absl::StatusOr<std::string> token = site_->IssueToken("create");
  ASSERT_TRUE(token.ok()) << token.status();
  ASSERT_TRUE(site_->ExpireAccessTokens().ok());
  absl::StatusOr<http::Response> expired = Create(*token, "x");
  ASSERT_TRUE(expired.ok()) << expired.status();
  EXPECT_EQ(expired->status, 401);
  EXPECT_THAT(expired->body, HasSubstr("invalid_token"));
}

TEST_F(MicropubSiteTest, RefreshTokensRotateAndRevocationEndsThem) {
  std::multimap<std::string, std::string> redirect = Authorize();
  absl::StatusOr<http::Response> first = Token({{"grant_type", "authorization_code"},
                                                {"code", redirect.find("code")->second},
                                                {"client_id", kClientId},
                                                {"redirect_uri", kRedirectUri},
                                                {"code_verifier", kVerifier}});
  ASSERT_TRUE(first.ok() && first->status == 200);
  const std::string refresh = nlohmann::json::parse(first->body)["refresh_token"];
  absl::StatusOr<http::Response> refreshed = Token(
      {{"grant_type", "refresh_token"}, {"refresh_token", refresh}, {"client_id", kClientId}});
  ASSERT_TRUE(refreshed.ok()) << refreshed.status();
  ASSERT_EQ(refreshed->status, 200) << refreshed->body;
  nlohmann::json fresh = nlohmann::json::parse(refreshed->body);
  EXPECT_NE(fresh["refresh_token"], refresh);
  absl::StatusOr<http::Response> reused = Token(
      {{"grant_type", "refresh_token"}, {"refresh_token", refresh}, {"client_id", kClientId}});
  ASSERT_TRUE(reused.ok());
  EXPECT_EQ(reused->status, 400);

  const std::string access = fresh["access_token"];
  absl::StatusOr<http::Response> revoked = site_->Send(
      "POST", "/revoke", Headers({{"Content-Type", "application/x-www-form-urlencoded"}}),
      Form({{"token", access}}));
  ASSERT_TRUE(revoked.ok() && revoked->status == 200);
  absl::StatusOr<http::Response> refused = Create(access, "x");
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->status, 403);
}

}  // namespace
}  // namespace mxedge::testing
