// libs/indieweb's clients against the real @benjifs/micropub and the scripted IndieAuth server:
// discovery from four separate Link headers, the whole authorization code flow with PKCE and
// iss, every Micropub operation the server has (create, q=source, update, delete, undelete,
// media, q=config), its error shapes, refresh and revocation.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "mxedge/http/curl_http_client.hpp"
#include "mxedge/http/percent_encoding.hpp"
#include "mxedge/indieweb/authorization_callback.hpp"
#include "mxedge/indieweb/authorization_request.hpp"
#include "mxedge/indieweb/discovery.hpp"
#include "mxedge/indieweb/guarded_http_client.hpp"
#include "mxedge/indieweb/indieauth_client.hpp"
#include "mxedge/indieweb/micropub_client.hpp"
#include "mxedge/indieweb/micropub_error.hpp"
#include "mxedge/indieweb/post_update.hpp"
#include "mxedge/indieweb/resolver.hpp"
#include "mxedge/indieweb/url_guard.hpp"
#include "mxedge/testing/fake_clock.hpp"
#include "mxedge/testing/micropub_site.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::indieweb {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using json = nlohmann::json;

const ClientIdentity kClient{"http://127.0.0.1:9/", "http://127.0.0.1:9/indieauth/redirect"};

class RealSiteClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::MicropubSite>> site = testing::MicropubSite::Start();
    ASSERT_TRUE(site.ok()) << site.status();
    site_ = std::move(*site);
  }

  // Discovery, the authorization request, the site's redirect and the code exchange.
  absl::StatusOr<TokenGrant> Link(std::string_view scope) {
    Discoverer discoverer(web_);
    absl::StatusOr<Discovery> found = discoverer.Discover(site_->me());
    if (!found.ok()) {
      return found.status();
    }
    absl::StatusOr<AuthorizationRequest> request =
        BuildAuthorizationRequest(*found, kClient, site_->me(), scope);
    if (!request.ok()) {
      return request.status();
    }
    http::ClientRequest authorize;
    authorize.url = request->url;
    absl::StatusOr<http::Response> redirect = curl_.Send(authorize);
    if (!redirect.ok()) {
      return redirect.status();
    }
    const std::string location = http::FindHeader(redirect->headers, "Location").value_or("");
    absl::StatusOr<std::multimap<std::string, std::string>> params =
        http::ParseQueryString(location.substr(location.find('?') + 1));
    if (!params.ok()) {
      return params.status();
    }
    CallbackQuery query;
    for (const auto& [name, value] : *params) {
      query.emplace(name, value);
    }
    absl::StatusOr<std::string> code = CheckAuthorizationCallback(query, request->pending);
    if (!code.ok()) {
      return code.status();
    }
    pending_ = request->pending;
    IndieAuthClient auth(web_, discoverer, kClient, clock_,
                         {.allow_port = true, .allow_ip_host = true});
    return auth.ExchangeCode(request->pending, *code);
  }

  MicropubClient Client(const std::string& token) {
    return MicropubClient(
        web_, MicropubSession{site_->micropub_url(), site_->base_url() + "/media", token});
  }

  std::unique_ptr<testing::MicropubSite> site_;
  SystemResolver resolver_;
  UrlGuard guard_{resolver_, {.allow_loopback_for_tests = true}};
  http::CurlHttpClient curl_;
  GuardedHttpClient web_{curl_, guard_};
  mxedge::testing::FakeClock clock_;
  PendingAuthorization pending_;
};

TEST_F(RealSiteClientTest, DiscoversEveryEndpointFromSeparateLinkHeaders) {
  Discoverer discoverer(web_);
  absl::StatusOr<Discovery> found = discoverer.Discover(site_->me());
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->issuer, site_->me());
  EXPECT_EQ(found->authorization_endpoint, site_->base_url() + "/auth");
  EXPECT_EQ(found->token_endpoint, site_->base_url() + "/token");
  EXPECT_EQ(found->revocation_endpoint, site_->base_url() + "/revoke");
  EXPECT_EQ(found->micropub_endpoint, site_->micropub_url());
}

TEST_F(RealSiteClientTest, LinksAndRunsEveryMicropubOperation) {
  absl::StatusOr<TokenGrant> grant = Link("create update delete undelete media");
  ASSERT_TRUE(grant.ok()) << grant.status();
  EXPECT_EQ(grant->me, site_->me());
  EXPECT_FALSE(grant->refresh_token.empty());
  MicropubClient client = Client(grant->access_token);

  absl::StatusOr<MicropubConfig> config = client.QueryConfig();
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->media_endpoint, site_->base_url() + "/media");
  ASSERT_EQ(config->syndicate_to.size(), 1u);

  absl::StatusOr<std::string> photo = client.UploadMedia({"dot.png", "image/png", "\x89PNG.."});
  ASSERT_TRUE(photo.ok()) << photo.status();
  EXPECT_THAT(*photo, StartsWith(site_->me() + "uploads/"));

  Post post;
  post.content = "A real post";
  post.category = {"indieweb", "matrix"};
  post.slug = "real-post";
  post.photo = {{*photo, "a dot"}};
  absl::StatusOr<CreateResult> created = client.Create(post);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->http_status, 201);
  EXPECT_EQ(created->location, site_->base_url() + "/photo/real-post");

  absl::StatusOr<json> source = client.QuerySource(created->location);
  ASSERT_TRUE(source.ok()) << source.status();
  EXPECT_EQ((*source)["properties"]["content"], json::array({"A real post"}));
  EXPECT_EQ((*source)["properties"]["category"], json::array({"indieweb", "matrix"}));
  absl::StatusOr<json> only = client.QuerySource(created->location, {"category"});
  ASSERT_TRUE(only.ok()) << only.status();
  EXPECT_EQ(*only, (json{{"properties", {{"category", {"indieweb", "matrix"}}}}}));

  absl::StatusOr<ChangeResult> updated =
      client.Update(PostUpdate::ReplaceContent(created->location, "An edited post"));
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->http_status, 204);
  EXPECT_EQ(client.QuerySource(created->location, {"content"}).value_or(json())["properties"],
            (json{{"content", {"An edited post"}}}));

  absl::StatusOr<ChangeResult> deleted = client.Delete(created->location);
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_EQ(client.QuerySource(created->location, {"deleted"}).value_or(json())["properties"],
            (json{{"deleted", {true}}}));
  absl::StatusOr<ChangeResult> undeleted = client.Undelete(created->location);
  ASSERT_TRUE(undeleted.ok()) << undeleted.status();
  EXPECT_EQ(client.QuerySource(created->location, {"deleted"}).value_or(json())["properties"],
            json::object());
}

TEST_F(RealSiteClientTest, ServerErrorsAreClassified) {
  absl::StatusOr<std::string> create_only = site_->IssueToken("create");
  ASSERT_TRUE(create_only.ok()) << create_only.status();
  MicropubClient client = Client(*create_only);
  Post post;
  post.content = "to be kept";
  post.slug = "kept";
  absl::StatusOr<CreateResult> created = client.Create(post);
  ASSERT_TRUE(created.ok()) << created.status();

  // @benjifs/micropub: 403 insufficient_scope with `message`, no `scope`.
  absl::StatusOr<ChangeResult> undelete = client.Undelete(created->location);
  ASSERT_FALSE(undelete.ok());
  std::optional<MicropubError> error = MicropubErrorFromStatus(undelete.status());
  ASSERT_TRUE(error.has_value()) << undelete.status();
  EXPECT_EQ(error->http_status, 403);
  EXPECT_EQ(error->kind, MicropubErrorKind::kInsufficientScope);
  EXPECT_THAT(error->description, HasSubstr("insufficient scope"));

  // A token its token endpoint does not vouch for: 403 forbidden.
  MicropubClient stranger = Client("unknown-token");
  absl::StatusOr<CreateResult> refused = stranger.Create(post);
  error = MicropubErrorFromStatus(refused.status());
  ASSERT_TRUE(error.has_value()) << refused.status();
  EXPECT_EQ(error->kind, MicropubErrorKind::kForbidden);

  // Expired (the harness's RFC 6750 answer): 401 invalid_token.
  ASSERT_TRUE(site_->ExpireAccessTokens().ok());
  absl::StatusOr<CreateResult> expired = client.Create(post);
  error = MicropubErrorFromStatus(expired.status());
  ASSERT_TRUE(error.has_value()) << expired.status();
  EXPECT_EQ(error->kind, MicropubErrorKind::kUnauthorized);
}

TEST_F(RealSiteClientTest, OtherServersAnswersAreUnderstood) {
  absl::StatusOr<std::string> token = site_->IssueToken("create update delete");
  ASSERT_TRUE(token.ok()) << token.status();
  MicropubClient client = Client(*token);
  Post post;
  post.content = "quirks";

  // A 202 with a JSON body and a Location: created later, at that URL.
  ASSERT_TRUE(site_->SetKnobs({.micropub_quirk = "accepted_json"}).ok());
  absl::StatusOr<CreateResult> accepted = client.Create(post);
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  EXPECT_EQ(accepted->http_status, 202);
  EXPECT_EQ(accepted->location, site_->base_url() + "/queued/1");

  // 403 insufficient_scope naming the scope to ask for.
  ASSERT_TRUE(site_->SetKnobs({.micropub_quirk = "scope_403"}).ok());
  std::optional<MicropubError> error = MicropubErrorFromStatus(client.Create(post).status());
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->kind, MicropubErrorKind::kInsufficientScope);
  EXPECT_EQ(error->scope, "delete");

  // An HTML error page: a short readable message, no markup, no style sheet.
  ASSERT_TRUE(site_->SetKnobs({.micropub_quirk = "html_error"}).ok());
  error = MicropubErrorFromStatus(client.Create(post).status());
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->kind, MicropubErrorKind::kServerError);
  EXPECT_THAT(error->description, HasSubstr("Something broke"));
  EXPECT_THAT(error->description, Not(HasSubstr("<")));
  EXPECT_THAT(error->description, Not(HasSubstr("color:red")));

  // A 302 to a login page: the token was not accepted; the redirect is not followed.
  ASSERT_TRUE(site_->SetKnobs({.micropub_quirk = "login_redirect"}).ok());
  error = MicropubErrorFromStatus(client.Create(post).status());
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->kind, MicropubErrorKind::kLoginRedirect);
  EXPECT_THAT(error->location, HasSubstr("/login"));
  ASSERT_TRUE(site_->SetKnobs({}).ok());
}

TEST_F(RealSiteClientTest, RefreshGivesAWorkingTokenAndRevocationEndsIt) {
  absl::StatusOr<TokenGrant> grant = Link("create");
  ASSERT_TRUE(grant.ok()) << grant.status();
  Discoverer discoverer(web_);
  IndieAuthClient auth(web_, discoverer, kClient, clock_,
                       {.allow_port = true, .allow_ip_host = true});
  ASSERT_TRUE(site_->ExpireAccessTokens().ok());
  absl::StatusOr<TokenGrant> fresh =
      auth.Refresh(site_->base_url() + "/token", grant->refresh_token);
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  EXPECT_NE(fresh->access_token, grant->access_token);
  EXPECT_NE(fresh->refresh_token, grant->refresh_token);
  Post post;
  post.content = "after refresh";
  EXPECT_TRUE(Client(fresh->access_token).Create(post).ok());

  // Refresh tokens rotate: the first one is spent.
  absl::StatusOr<TokenGrant> reused =
      auth.Refresh(site_->base_url() + "/token", grant->refresh_token);
  EXPECT_EQ(reused.status().code(), absl::StatusCode::kUnauthenticated) << reused.status();

  ASSERT_TRUE(
      auth.Revoke(site_->base_url() + "/revoke", site_->base_url() + "/token", fresh->access_token)
          .ok());
  absl::StatusOr<CreateResult> refused = Client(fresh->access_token).Create(post);
  EXPECT_FALSE(refused.ok());
}

TEST_F(RealSiteClientTest, WrongIssuerAndWrongMeAreRefused) {
  ASSERT_TRUE(site_->SetKnobs({.wrong_iss = true}).ok());
  absl::StatusOr<TokenGrant> wrong_iss = Link("create");
  EXPECT_FALSE(wrong_iss.ok());
  EXPECT_THAT(wrong_iss.status().message(), HasSubstr("iss"));

  ASSERT_TRUE(site_->SetKnobs({.wrong_me = true}).ok());
  absl::StatusOr<TokenGrant> wrong_me = Link("create");
  EXPECT_FALSE(wrong_me.ok());
}

TEST_F(RealSiteClientTest, TokenResponseWithoutTokenTypeIsAccepted) {
  ASSERT_TRUE(site_->SetKnobs({.omit_token_type = true}).ok());
  absl::StatusOr<TokenGrant> grant = Link("create");
  ASSERT_TRUE(grant.ok()) << grant.status();
  EXPECT_TRUE(grant->token_type.empty());
}

TEST_F(RealSiteClientTest, LegacyServerIsFoundThroughEndpointRelsAndLinksWithoutIss) {
  ASSERT_TRUE(site_->SetKnobs({.legacy = true}).ok());
  Discoverer discoverer(web_);
  absl::StatusOr<Discovery> found = discoverer.Discover(site_->me());
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_TRUE(found->metadata_url.empty());
  EXPECT_TRUE(found->issuer.empty());
  EXPECT_EQ(found->authorization_endpoint, site_->base_url() + "/auth");
  EXPECT_EQ(found->token_endpoint, site_->base_url() + "/token");
  absl::StatusOr<TokenGrant> grant = Link("create");
  ASSERT_TRUE(grant.ok()) << grant.status();
  Post post;
  post.content = "from a legacy login";
  EXPECT_TRUE(Client(grant->access_token).Create(post).ok());
}

}  // namespace
}  // namespace mxedge::indieweb
