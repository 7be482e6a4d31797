// Discovery, the IndieAuth code exchange and Micropub calls against a real HTTP server on
// 127.0.0.1, through CurlHttpClient: real Link headers, real redirects, pinned connections.
#include <gtest/gtest.h>

#include <mutex>

#include "mxedge/http/curl_http_client.hpp"
#include "mxedge/http/http_server.hpp"
#include "mxedge/http/percent_encoding.hpp"
#include "mxedge/indieweb/authorization_callback.hpp"
#include "mxedge/indieweb/discovery.hpp"
#include "mxedge/indieweb/indieauth_client.hpp"
#include "mxedge/indieweb/micropub_client.hpp"
#include "mxedge/indieweb/micropub_error.hpp"
#include "mxedge/indieweb/pkce.hpp"
#include "mxedge/indieweb/profile_url.hpp"
#include "mxedge/testing/fake_clock.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::indieweb {
namespace {

using http::Request;
using http::Responder;
using http::Response;
using std::chrono::milliseconds;

// The site lives at http://site.test:<port>/, a name only our resolver knows: every request
// that arrives proves the connection went to the pinned address.
class LoopbackFlowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<http::HttpServer>(http::HttpServerOptions{});
    server_->Route("GET", "/", [](const Request&, Responder out) {
      Response r;
      r.status = 301;
      r.headers.emplace("Location", "/home/");
      out.Send(std::move(r));
    });
    server_->Route("GET", "/home/", [this](const Request& request, Responder out) {
      Response r;
      r.status = 200;
      r.headers.emplace("Content-Type", "text/html; charset=utf-8");
      r.headers.emplace("Link",
                        "<../.well-known/oauth-authorization-server>; "
                        "rel=\"indieauth-metadata\"");
      r.headers.emplace("Link", "<../micropub>; rel=\"micropub\"");
      r.headers.emplace("Link", "</legacy/auth>; rel=\"authorization_endpoint\"");
      r.body = "<html><head><link rel=\"micropub_media\" href=\"/media\"></head></html>";
      Record(request);
      out.Send(std::move(r));
    });
    server_->Route(
        "GET", "/.well-known/oauth-authorization-server", [this](const Request&, Responder out) {
          out.Send(
              Response::Json(200, nlohmann::json{{"issuer", Site("/")},
                                                 {"authorization_endpoint", Site("/auth")},
                                                 {"token_endpoint", Site("/token")},
                                                 {"revocation_endpoint", Site("/revoke")},
                                                 {"code_challenge_methods_supported", {"S256"}}}
                                      .dump()));
        });
    server_->Route("POST", "/token", [this](const Request& request, Responder out) {
      Record(request);
      auto form = http::ParseQueryString(request.body);
      const bool ok = form.ok() && form->find("code") != form->end() &&
                      form->find("code")->second == "the-code" &&
                      form->find("code_verifier") != form->end() &&
                      PkceChallengeS256(form->find("code_verifier")->second) == challenge_;
      if (!ok) {
        out.Send(Response::Json(400, R"({"error":"invalid_grant"})"));
        return;
      }
      out.Send(Response::Json(
          200,
          nlohmann::json{{"access_token", "AT-1"}, {"me", Site("/")}, {"scope", "create media"}}
              .dump()));
    });
    server_->Route("POST", "/micropub", [this](const Request& request, Responder out) {
      Record(request);
      if (request.Header("Authorization") != "Bearer AT-1") {
        Response r;
        r.status = 302;
        r.headers.emplace("Location", "/session/login");
        out.Send(std::move(r));
        return;
      }
      Response r = Response::Json(202, R"({"success":"create_pending"})");
      r.headers.emplace("Location", "/notes/1");
      out.Send(std::move(r));
    });
    server_->Route("POST", "/media", [this](const Request& request, Responder out) {
      Record(request);
      Response r = Response::Text(201, "created");
      r.headers.emplace("Location", Site("/files/pixel.png"));
      out.Send(std::move(r));
    });
    server_->Route("GET", "/escape", [](const Request&, Responder out) {
      Response r;
      r.status = 302;
      r.headers.emplace("Location", "http://10.255.255.1/");
      out.Send(std::move(r));
    });
    ASSERT_TRUE(server_->Start().ok());
    resolver_.Set("site.test", {*IpAddress::Parse("127.0.0.1")});
  }
  void TearDown() override { ASSERT_TRUE(server_->Shutdown(milliseconds(5000)).ok()); }

  std::string Site(std::string_view path) const {
    return "http://site.test:" + std::to_string(server_->port()) + std::string(path);
  }
  void Record(const Request& request) {
    std::lock_guard<std::mutex> lock(mu_);
    seen_.push_back(request);
  }
  std::vector<Request> Seen() {
    std::lock_guard<std::mutex> lock(mu_);
    return seen_;
  }

  std::unique_ptr<http::HttpServer> server_;
  FakeResolver resolver_;
  UrlGuard guard_{resolver_, {.allow_loopback_for_tests = true}};
  http::CurlHttpClient curl_;
  GuardedHttpClient client_{curl_, guard_};
  mxedge::testing::FakeClock clock_;
  std::string challenge_;
  std::mutex mu_;
  std::vector<Request> seen_;
};

TEST_F(LoopbackFlowTest, DiscoversThroughRedirectsAndSeparateLinkHeaders) {
  auto me = CanonicalProfileUrl(Site(""), {.allow_port = true});
  ASSERT_TRUE(me.ok()) << me.status();
  Discoverer discoverer(client_);
  auto found = discoverer.Discover(*me);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->final_url, Site("/home/"));
  EXPECT_EQ(found->urls, (std::vector<std::string>{Site("/"), Site("/home/")}));
  EXPECT_EQ(found->metadata_url, Site("/.well-known/oauth-authorization-server"));
  EXPECT_EQ(found->issuer, Site("/"));
  EXPECT_EQ(found->authorization_endpoint, Site("/auth"));  // metadata wins over the legacy rel
  EXPECT_EQ(found->revocation_endpoint, Site("/revoke"));
  EXPECT_EQ(found->micropub_endpoint, Site("/micropub"));
  EXPECT_EQ(found->media_endpoint, Site("/media"));
  ASSERT_FALSE(Seen().empty());
  EXPECT_EQ(Seen()[0].Header("Host"), "site.test:" + std::to_string(server_->port()));
}

TEST_F(LoopbackFlowTest, LinksAndPostsEndToEnd) {
  const ClientIdentity identity{"https://client.example/", "https://client.example/cb"};
  Discoverer discoverer(client_);
  auto found = discoverer.Discover(Site("/"));
  ASSERT_TRUE(found.ok()) << found.status();
  auto request = BuildAuthorizationRequest(*found, identity, Site("/"));
  ASSERT_TRUE(request.ok()) << request.status();
  auto params = http::ParseQueryString(request->url.substr(request->url.find('?') + 1));
  challenge_ = params->find("code_challenge")->second;

  auto code = CheckAuthorizationCallback(
      {{"code", "the-code"}, {"state", request->pending.state}, {"iss", Site("/")}},
      request->pending);
  ASSERT_TRUE(code.ok()) << code.status();
  IndieAuthClient auth(client_, discoverer, identity, clock_, {.allow_port = true});
  auto grant = auth.ExchangeCode(request->pending, *code);
  ASSERT_TRUE(grant.ok()) << grant.status();
  EXPECT_EQ(grant->access_token, "AT-1");
  EXPECT_EQ(grant->me, Site("/"));

  MicropubClient micropub(
      client_, MicropubSession{request->pending.micropub_endpoint, request->pending.media_endpoint,
                               grant->access_token});
  auto photo = micropub.UploadMedia(MediaFile{"pixel.png", "image/png", "\x89PNG"});
  ASSERT_TRUE(photo.ok()) << photo.status();
  Post post;
  post.content = "hello from the loopback";
  post.photo = {{*photo, "one pixel"}};
  auto created = micropub.Create(post);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->http_status, 202);
  EXPECT_EQ(created->location, Site("/notes/1"));
  const Request last = Seen().back();
  EXPECT_EQ(last.Header("Authorization"), "Bearer AT-1");
  EXPECT_EQ(last.body.find("AT-1"), std::string::npos);

  MicropubClient wrong(client_, MicropubSession{Site("/micropub"), "", "stale"});
  auto refused = wrong.Create(post);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(MicropubErrorFromStatus(refused.status())->kind, MicropubErrorKind::kLoginRedirect);
}

TEST_F(LoopbackFlowTest, RedirectToAPrivateAddressIsNotFollowed) {
  auto fetched = client_.Fetch(http::ClientRequest{"GET", Site("/escape")});
  EXPECT_EQ(fetched.status().code(), absl::StatusCode::kPermissionDenied) << fetched.status();
}

TEST_F(LoopbackFlowTest, ProductionGuardRefusesTheLoopbackSite) {
  UrlGuard strict(resolver_);
  GuardedHttpClient strict_client(curl_, strict);
  EXPECT_EQ(strict_client.Send(http::ClientRequest{"GET", Site("/")}).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(Seen().empty());
}

TEST(SystemResolverTest, ResolvesLocalhostToLoopback) {
  SystemResolver resolver;
  auto addresses = resolver.Resolve("localhost");
  ASSERT_TRUE(addresses.ok()) << addresses.status();
  for (const IpAddress& a : *addresses) {
    EXPECT_EQ(a.Range(), AddressRange::kLoopback) << a.ToString();
  }
  EXPECT_FALSE(resolver.Resolve("no-such-host.invalid").ok());
}

}  // namespace
}  // namespace mxedge::indieweb
