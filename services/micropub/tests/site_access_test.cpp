#include "site_access.hpp"

#include <gtest/gtest.h>

#include <string>

#include "absl/strings/match.h"
#include "in_memory_micropub_store.hpp"
#include "mxedge/http/fake_http_client.hpp"
#include "mxedge/indieweb/micropub_error.hpp"
#include "mxedge/indieweb/resolver.hpp"
#include "mxedge/indieweb/url_guard.hpp"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::micropub {
namespace {

using std::chrono::milliseconds;

constexpr char kAlice[] = "@alice:hs.test";
constexpr char kEndpoint[] = "https://mp.example/micropub";
constexpr char kTokenEndpoint[] = "https://auth.example/token";

http::Response Status(int status, std::string body = "",
                      std::string content_type = "application/json") {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  if (!content_type.empty()) {
    r.headers.emplace("Content-Type", std::move(content_type));
  }
  return r;
}

http::Response Created(std::string location) {
  http::Response r = Status(201, "", "");
  r.headers.emplace("Location", std::move(location));
  return r;
}

http::Response Grant(std::string access, std::string refresh = "") {
  nlohmann::json body = {{"access_token", access}, {"token_type", "Bearer"}, {"expires_in", 3600}};
  if (!refresh.empty()) {
    body["refresh_token"] = refresh;
  }
  return Status(200, body.dump());
}

class SiteAccessTest : public ::testing::Test {
 protected:
  SiteAccessTest()
      : guard_(resolver_),
        web_(fake_, guard_),
        discoverer_(web_),
        auth_(web_, discoverer_, {"https://client.example/", "https://client.example/cb"}, clock_) {
    for (const char* host : {"me.example", "auth.example", "mp.example"}) {
      resolver_.Set(host, {*indieweb::IpAddress::Parse("93.184.216.34")});
    }
    clock_.SetNowUnixMs(kNowMs);
  }

  SiteAccess Access(SiteAccessOptions options = {}) {
    return SiteAccess(store_, web_, auth_, clock_, metrics_, options);
  }

  static LinkedSite Site(std::string refresh_token, int64_t expires_at_ms) {
    LinkedSite site;
    site.me = "https://me.example/";
    site.micropub_endpoint = kEndpoint;
    site.token_endpoint = kTokenEndpoint;
    site.access_token = "OLD";
    site.refresh_token = std::move(refresh_token);
    site.expires_at_ms = expires_at_ms;
    site.scope = "create";
    return site;
  }

  static absl::StatusOr<indieweb::CreateResult> Create(SiteAccess& access, LinkedSite& site) {
    return access.Call<indieweb::CreateResult>(kAlice, site, "create",
                                               [](indieweb::MicropubClient& client) {
                                                 indieweb::Post post;
                                                 post.content = "hello";
                                                 return client.Create(post);
                                               });
  }

  std::string Bearer(size_t request) const {
    return http::FindHeader(fake_.requests().at(request).headers, "Authorization").value_or("");
  }
  bool MetricsContain(const std::string& line) const {
    return absl::StrContains(registry_.RenderText(), line);
  }

  static constexpr int64_t kNowMs = 1'800'000'000'000;
  mxedge::testing::FakeClock clock_;
  InMemoryMicropubStore store_{clock_};
  indieweb::FakeResolver resolver_;
  indieweb::UrlGuard guard_;
  http::FakeHttpClient fake_;
  indieweb::GuardedHttpClient web_;
  indieweb::Discoverer discoverer_;
  indieweb::IndieAuthClient auth_;
  common::MetricsRegistry registry_;
  MicropubMetrics metrics_{registry_};
};

TEST_F(SiteAccessTest, AValidTokenIsUsedAsIs) {
  SiteAccess access = Access();
  LinkedSite site = Site("R1", kNowMs + 3'600'000);
  fake_.Enqueue("POST", kEndpoint, Created("https://me.example/1"));
  absl::StatusOr<indieweb::CreateResult> created = Create(access, site);
  ASSERT_TRUE(created.ok()) << created.status();
  ASSERT_EQ(fake_.request_count(), 1u);
  EXPECT_EQ(Bearer(0), "Bearer OLD");
  EXPECT_TRUE(MetricsContain(
      "mxedge_micropub_request_seconds_count{operation=\"create\",result=\"ok\"} 1"));
}

TEST_F(SiteAccessTest, AnExpiredTokenIsRefreshedFirstAndStoredWithTheNewExpiry) {
  SiteAccess access = Access();
  LinkedSite site = Site("R1", kNowMs - 1);
  ASSERT_TRUE(store_.PutSite(kAlice, site).ok());
  fake_.Enqueue("POST", kTokenEndpoint, Grant("NEW", "R2"));
  fake_.Enqueue("POST", kEndpoint, Created("https://me.example/1"));
  ASSERT_TRUE(Create(access, site).ok());
  ASSERT_EQ(fake_.request_count(), 2u);
  EXPECT_TRUE(absl::StrContains(fake_.requests()[0].body, "grant_type=refresh_token"));
  EXPECT_TRUE(absl::StrContains(fake_.requests()[0].body, "refresh_token=R1"));
  EXPECT_EQ(Bearer(1), "Bearer NEW");
  const std::vector<LinkedSite> stored = *store_.Sites(kAlice);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].access_token, "NEW");
  EXPECT_EQ(stored[0].refresh_token, "R2");
  EXPECT_EQ(stored[0].expires_at_ms, kNowMs + 3'600'000);
  EXPECT_EQ(site, stored[0]);
  EXPECT_TRUE(MetricsContain("mxedge_micropub_token_refreshes_total{outcome=\"ok\"} 1"));
}

TEST_F(SiteAccessTest, ATokenAboutToExpireIsRefreshedWithinTheSkew) {
  SiteAccessOptions options;
  options.refresh_skew = milliseconds(60'000);
  SiteAccess access = Access(options);
  LinkedSite site = Site("R1", kNowMs + 59'000);
  fake_.Enqueue("POST", kTokenEndpoint, Grant("NEW"));
  fake_.Enqueue("POST", kEndpoint, Created("https://me.example/1"));
  ASSERT_TRUE(Create(access, site).ok());
  EXPECT_EQ(Bearer(1), "Bearer NEW");
  EXPECT_EQ(site.refresh_token, "R1");  // the answer had none: the old one stays
}

TEST_F(SiteAccessTest, A401IsRefreshedAndTheRequestRepeatedOnce) {
  SiteAccess access = Access();
  LinkedSite site = Site("R1", 0);
  fake_.Enqueue("POST", kEndpoint, Status(401, R"({"error":"unauthorized"})"));
  fake_.Enqueue("POST", kTokenEndpoint, Grant("NEW", "R2"));
  fake_.Enqueue("POST", kEndpoint, Created("https://me.example/1"));
  absl::StatusOr<indieweb::CreateResult> created = Create(access, site);
  ASSERT_TRUE(created.ok()) << created.status();
  ASSERT_EQ(fake_.request_count(), 3u);
  EXPECT_EQ(Bearer(0), "Bearer OLD");
  EXPECT_EQ(Bearer(2), "Bearer NEW");
  EXPECT_EQ(store_.Sites(kAlice)->at(0).access_token, "NEW");
  EXPECT_TRUE(MetricsContain(
      "mxedge_micropub_request_seconds_count{operation=\"create\",result=\"error\"} 1"));
}

TEST_F(SiteAccessTest, A401AfterARefreshIsNotRefreshedAgain) {
  SiteAccess access = Access();
  LinkedSite site = Site("R1", 0);
  fake_.Enqueue("POST", kEndpoint, Status(401, R"({"error":"unauthorized"})"));
  fake_.Enqueue("POST", kTokenEndpoint, Grant("NEW"));
  fake_.Enqueue("POST", kEndpoint, Status(401, R"({"error":"unauthorized"})"));
  absl::StatusOr<indieweb::CreateResult> created = Create(access, site);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(indieweb::MicropubErrorFromStatus(created.status())->kind,
            indieweb::MicropubErrorKind::kUnauthorized);
  EXPECT_EQ(fake_.request_count(), 3u);
}

TEST_F(SiteAccessTest, A401WithoutARefreshTokenIsReturnedAfterOneRequest) {
  SiteAccess access = Access();
  LinkedSite site = Site("", 0);
  fake_.Enqueue("POST", kEndpoint, Status(401, R"({"error":"unauthorized"})"));
  absl::StatusOr<indieweb::CreateResult> created = Create(access, site);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(fake_.request_count(), 1u);
}

TEST_F(SiteAccessTest, InsufficientScopeIsNotCuredByARefresh) {
  SiteAccess access = Access();
  LinkedSite site = Site("R1", 0);
  fake_.Enqueue("POST", kEndpoint,
                Status(401, R"({"error":"insufficient_scope","scope":"create"})"));
  absl::StatusOr<indieweb::CreateResult> created = Create(access, site);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(indieweb::MicropubErrorFromStatus(created.status())->kind,
            indieweb::MicropubErrorKind::kInsufficientScope);
  EXPECT_EQ(fake_.request_count(), 1u);
}

TEST_F(SiteAccessTest, AnExpiredTokenWithoutRefreshTokenSendsNothing) {
  SiteAccess access = Access();
  LinkedSite site = Site("", kNowMs - 1);
  absl::StatusOr<indieweb::CreateResult> created = Create(access, site);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(absl::StrContains(created.status().message(), "expired"));
  EXPECT_EQ(fake_.request_count(), 0u);
}

TEST_F(SiteAccessTest, ARefusedRefreshIsUnauthenticatedAndStoresNothing) {
  SiteAccess access = Access();
  LinkedSite site = Site("R1", kNowMs - 1);
  ASSERT_TRUE(store_.PutSite(kAlice, site).ok());
  fake_.Enqueue("POST", kTokenEndpoint, Status(400, R"({"error":"invalid_grant"})"));
  absl::StatusOr<indieweb::CreateResult> created = Create(access, site);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(absl::StrContains(created.status().message(), "invalid_grant")) << created.status();
  EXPECT_EQ(fake_.request_count(), 1u);
  EXPECT_EQ(store_.Sites(kAlice)->at(0).access_token, "OLD");
  EXPECT_TRUE(MetricsContain("mxedge_micropub_token_refreshes_total{outcome=\"refused\"} 1"));
}

TEST_F(SiteAccessTest, AnUnreachableTokenEndpointStaysTransient) {
  SiteAccess access = Access();
  LinkedSite site = Site("R1", kNowMs - 1);
  fake_.Enqueue("POST", kTokenEndpoint, absl::UnavailableError("connection refused"));
  absl::StatusOr<indieweb::CreateResult> created = Create(access, site);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(MetricsContain("mxedge_micropub_token_refreshes_total{outcome=\"unavailable\"} 1"));
}

TEST_F(SiteAccessTest, ABusySiteIsUnavailableWithoutARequest) {
  SiteAccessOptions options;
  options.site_concurrency = 1;
  options.site_wait = milliseconds(0);
  SiteAccess access = Access(options);
  LinkedSite site = Site("", 0);
  std::optional<SiteGate::Slot> held = access.gate().Acquire("mp.example", milliseconds(0));
  ASSERT_TRUE(held.has_value());
  absl::StatusOr<indieweb::CreateResult> created = Create(access, site);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(fake_.request_count(), 0u);
  EXPECT_TRUE(MetricsContain("mxedge_micropub_rate_limited_total{limit=\"site_concurrency\"} 1"));

  held.reset();
  fake_.Enqueue("POST", kEndpoint, Created("https://me.example/1"));
  EXPECT_TRUE(Create(access, site).ok());
  EXPECT_EQ(access.gate().InUse("mp.example"), 0);
}

}  // namespace
}  // namespace mxedge::micropub
