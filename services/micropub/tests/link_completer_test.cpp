#include "link_completer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "in_memory_micropub_store.hpp"
#include "mxedge/http/fake_http_client.hpp"
#include "mxedge/indieweb/resolver.hpp"
#include "mxedge/indieweb/url_guard.hpp"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::micropub {
namespace {

class RecordingMatrix final : public MatrixActions {
 public:
  absl::Status Notice(std::string_view room_id, std::string_view text,
                      std::string_view key) override {
    rooms.emplace_back(room_id);
    texts.emplace_back(text);
    keys.emplace_back(key);
    return absl::OkStatus();
  }
  absl::Status Join(std::string_view) override { return absl::OkStatus(); }
  absl::StatusOr<std::string> CreateDirectRoom(std::string_view) override {
    return absl::UnimplementedError("not used here");
  }
  absl::StatusOr<indieweb::MediaFile> Download(std::string_view, int64_t) override {
    return absl::UnimplementedError("not used here");
  }
  std::vector<std::string> rooms, texts, keys;
};

http::Response Json(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.headers.emplace("Content-Type", "application/json");
  r.body = std::move(body);
  return r;
}

class LinkCompleterTest : public ::testing::Test {
 protected:
  LinkCompleterTest()
      : guard_(resolver_),
        web_(fake_, guard_),
        discoverer_(web_),
        auth_(web_, discoverer_, {"https://client.example/", "https://client.example/cb"}, clock_),
        completer_(store_, matrix_, web_, auth_, clock_) {
    for (const char* host : {"me.example", "auth.example", "mp.example", "client.example"}) {
      resolver_.Set(host, {*indieweb::IpAddress::Parse("93.184.216.34")});
    }
    PendingLink link;
    link.authorization.state = "STATE";
    link.authorization.code_verifier = "VERIFIER";
    link.authorization.me = "https://me.example/";
    link.authorization.scope = "create";
    link.authorization.authorization_endpoint = "https://auth.example/auth";
    link.authorization.token_endpoint = "https://auth.example/token";
    link.authorization.micropub_endpoint = "https://mp.example/micropub";
    link.authorization.discovery_urls = {"https://me.example/"};
    link.mxid = "@alice:hs.test";
    link.room_id = "!dm:hs.test";
    EXPECT_TRUE(store_.PutAuth(link, std::chrono::minutes(10)).ok());
  }

  mxedge::testing::FakeClock clock_;
  InMemoryMicropubStore store_{clock_};
  RecordingMatrix matrix_;
  indieweb::FakeResolver resolver_;
  indieweb::UrlGuard guard_;
  http::FakeHttpClient fake_;
  indieweb::GuardedHttpClient web_;
  indieweb::Discoverer discoverer_;
  indieweb::IndieAuthClient auth_;
  LinkCompleter completer_;
};

TEST_F(LinkCompleterTest, StoresTheSiteUnconfirmedAndAsksInTheDm) {
  fake_.Enqueue("POST", "https://auth.example/token",
                Json(200, R"({"access_token":"AT","token_type":"Bearer",
                  "me":"https://me.example/","scope":"create","refresh_token":"RT",
                  "expires_in":3600})"));
  fake_.Enqueue("GET", "https://mp.example/micropub?q=config",
                Json(200, R"({"media-endpoint":"https://mp.example/media",
                  "syndicate-to":[{"uid":"https://social.example/@me","name":"social"}]})"));
  absl::StatusOr<LinkOutcome> outcome = completer_.Complete({{"state", "STATE"}, {"code", "CODE"}});
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->mxid, "@alice:hs.test");
  EXPECT_EQ(outcome->me, "https://me.example/");

  const std::vector<LinkedSite> sites = *store_.Sites("@alice:hs.test");
  ASSERT_EQ(sites.size(), 1u);
  EXPECT_FALSE(sites[0].confirmed);
  EXPECT_EQ(sites[0].access_token, "AT");
  EXPECT_EQ(sites[0].refresh_token, "RT");
  EXPECT_GT(sites[0].expires_at_ms, 0);
  EXPECT_EQ(sites[0].media_endpoint, "https://mp.example/media");
  EXPECT_EQ(sites[0].syndicate_to, std::vector<std::string>{"https://social.example/@me"});

  ASSERT_EQ(matrix_.texts.size(), 1u);
  EXPECT_EQ(matrix_.rooms[0], "!dm:hs.test");
  EXPECT_TRUE(absl::StrContains(matrix_.texts[0], "!confirm"));
  EXPECT_FALSE(absl::StrContains(matrix_.keys[0], "STATE"));
  // PKCE: the verifier went to the token endpoint.
  EXPECT_TRUE(absl::StrContains(fake_.requests()[0].body, "code_verifier=VERIFIER"));
}

TEST_F(LinkCompleterTest, AStateIsUsedOnce) {
  fake_.Enqueue("POST", "https://auth.example/token", Json(400, R"({"error":"invalid_grant"})"));
  EXPECT_FALSE(completer_.Complete({{"state", "STATE"}, {"code", "CODE"}}).ok());
  absl::StatusOr<LinkOutcome> again = completer_.Complete({{"state", "STATE"}, {"code", "CODE"}});
  EXPECT_EQ(again.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(store_.Sites("@alice:hs.test")->empty());
}

TEST_F(LinkCompleterTest, RejectsMissingStateAndServerErrors) {
  EXPECT_EQ(completer_.Complete({{"code", "CODE"}}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(completer_.Complete({{"state", "STATE"}, {"error", "access_denied"}}).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(fake_.request_count(), 0u);
}

TEST_F(LinkCompleterTest, AMeForAnotherSiteIsRefused) {
  fake_.Enqueue("POST", "https://auth.example/token",
                Json(200, R"({"access_token":"AT","me":"https://evil.example/"})"));
  EXPECT_FALSE(completer_.Complete({{"state", "STATE"}, {"code", "CODE"}}).ok());
  EXPECT_TRUE(store_.Sites("@alice:hs.test")->empty());
  EXPECT_TRUE(matrix_.texts.empty());
}

}  // namespace
}  // namespace mxedge::micropub
