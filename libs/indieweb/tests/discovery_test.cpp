#include "mxedge/indieweb/discovery.hpp"

#include <gtest/gtest.h>

#include "fake_web.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::indieweb {
namespace {

using http::Response;
using testing::FakeWeb;
using testing::Html;
using testing::Status;
using testing::WithHeader;

std::string Metadata(std::string issuer = "https://auth.example/") {
  return nlohmann::json{{"issuer", issuer},
                        {"authorization_endpoint", "https://auth.example/auth"},
                        {"token_endpoint", "https://auth.example/token"},
                        {"revocation_endpoint", "https://auth.example/revoke"},
                        {"code_challenge_methods_supported", {"S256"}}}
      .dump();
}

TEST(DiscovererTest, LinkHeadersWinOverHtmlAndResolveAgainstTheFinalUrl) {
  FakeWeb web;
  web.fake.Enqueue("GET", "https://me.example/", Status(301, "https://www.me.example/home/"));
  Response page = Html(R"(<link rel="micropub" href="/html-mp">
      <link rel="indieauth-metadata" href="/html-meta">)");
  page = WithHeader(page, "Link", R"(<../meta>; rel="indieauth-metadata")");
  page = WithHeader(page, "Link",
                    R"(<mp>; rel="micropub", <https://media.example/u>; rel=micropub_media)");
  web.fake.Enqueue("GET", "https://www.me.example/home/", page);
  web.fake.Enqueue("GET", "https://www.me.example/meta",
                   Response::Json(200, Metadata("https://www.me.example/")));
  Discoverer discoverer(web.client);
  auto found = discoverer.Discover("https://me.example/");
  // The issuer above is a prefix of the metadata URL, so it is accepted; but the endpoints are
  // from the metadata document.
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->final_url, "https://www.me.example/home/");
  EXPECT_EQ(found->urls.size(), 2u);
  EXPECT_EQ(found->metadata_url, "https://www.me.example/meta");
  EXPECT_EQ(found->issuer, "https://www.me.example/");
  EXPECT_EQ(found->authorization_endpoint, "https://auth.example/auth");
  EXPECT_EQ(found->token_endpoint, "https://auth.example/token");
  EXPECT_EQ(found->revocation_endpoint, "https://auth.example/revoke");
  EXPECT_EQ(found->micropub_endpoint, "https://www.me.example/home/mp");
  EXPECT_EQ(found->media_endpoint, "https://media.example/u");
  const auto sent = web.fake.requests();
  EXPECT_EQ(http::FindHeader(sent[2].headers, "Accept"), "application/json");
}

TEST(DiscovererTest, HtmlRelsWithBaseHrefAndLegacyEndpoints) {
  FakeWeb web;
  web.fake.Enqueue("GET", "https://me.example/", Html(R"(<base href="https://auth.example/x/">
                       <link rel="authorization_endpoint" href="auth">
                       <a rel="token_endpoint" href="/token">t</a>
                       <link rel="micropub" href="https://mp.example/mp?site=me">)"));
  Discoverer discoverer(web.client);
  auto found = discoverer.Discover("https://me.example/");
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_FALSE(found->metadata.has_value());
  EXPECT_TRUE(found->issuer.empty());
  EXPECT_EQ(found->authorization_endpoint, "https://auth.example/x/auth");
  EXPECT_EQ(found->token_endpoint, "https://auth.example/token");
  EXPECT_EQ(found->micropub_endpoint, "https://mp.example/mp?site=me");
}

TEST(DiscovererTest, ThreeSeparateLinkHeadersAndNoHtml) {
  FakeWeb web;
  Response page = Response::Text(200, "<link rel=micropub href=/ignored-not-html>");
  page = WithHeader(page, "Link", "</client/1/auth>; rel=\"authorization_endpoint\"");
  page = WithHeader(page, "Link", "</client/1/token>; rel=\"token_endpoint\"");
  page = WithHeader(page, "Link", "</client/1/micropub>; rel=\"micropub\"");
  web.fake.Enqueue("GET", "https://me.example/client/1", page);
  Discoverer discoverer(web.client);
  auto found = discoverer.Discover("https://me.example/client/1");
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->authorization_endpoint, "https://me.example/client/1/auth");
  EXPECT_EQ(found->token_endpoint, "https://me.example/client/1/token");
  EXPECT_EQ(found->micropub_endpoint, "https://me.example/client/1/micropub");
}

TEST(DiscovererTest, MalformedLinkHeaderFallsBackToHtml) {
  FakeWeb web;
  web.fake.Enqueue(
      "GET", "https://me.example/",
      WithHeader(Html("<link rel=micropub href=/mp>"), "Link", "<broken; rel=micropub"));
  Discoverer discoverer(web.client);
  auto found = discoverer.Discover("https://me.example/");
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->micropub_endpoint, "https://me.example/mp");
}

TEST(DiscovererTest, BadMetadataFallsBackToLegacyRelsOrFails) {
  FakeWeb web;
  const char* page = R"(<link rel="indieauth-metadata" href="https://auth.example/meta">
                        <link rel="authorization_endpoint" href="https://auth.example/legacy">)";
  web.fake.Enqueue("GET", "https://me.example/", Html(page));
  web.fake.Enqueue("GET", "https://auth.example/meta",
                   Response::Json(200, Metadata("https://evil.example/")));
  Discoverer discoverer(web.client);
  auto found = discoverer.Discover("https://me.example/");
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->authorization_endpoint, "https://auth.example/legacy");
  EXPECT_FALSE(found->metadata.has_value());

  web.fake.Enqueue("GET", "https://me.example/",
                   Html(R"(<link rel="indieauth-metadata" href="https://auth.example/meta">)"));
  web.fake.Enqueue("GET", "https://auth.example/meta", Status(500));
  auto failed = discoverer.Discover("https://me.example/");
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(failed.status().message().find("500"), std::string::npos);
}

TEST(DiscovererTest, ErrorPagesAndRefusedUrlsFail) {
  FakeWeb web;
  web.fake.Enqueue("GET", "https://me.example/", Status(404));
  Discoverer discoverer(web.client);
  EXPECT_EQ(discoverer.Discover("https://me.example/").status().code(),
            absl::StatusCode::kFailedPrecondition);
  web.fake.Enqueue("GET", "https://me.example/", Status(302, "http://internal.example/"));
  EXPECT_EQ(discoverer.Discover("https://me.example/").status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(DiscovererTest, EndpointsWithOtherSchemesAreIgnored) {
  FakeWeb web;
  web.fake.Enqueue("GET", "https://me.example/",
                   Html(R"html(<link rel="micropub" href="javascript:alert(1)">
                           <link rel="micropub" href="/mp">)html"));
  Discoverer discoverer(web.client);
  auto found = discoverer.Discover("https://me.example/");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->micropub_endpoint, "https://me.example/mp");
}

}  // namespace
}  // namespace mxedge::indieweb
