#include "bot.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "in_memory_micropub_store.hpp"
#include "micropub_metrics.hpp"
#include "mxedge/http/fake_http_client.hpp"
#include "mxedge/indieweb/resolver.hpp"
#include "mxedge/indieweb/url_guard.hpp"
#include "mxedge/testing/fake_clock.hpp"
#include "post_settings.hpp"

namespace mxedge::micropub {
namespace {

using std::chrono::milliseconds;

constexpr char kBot[] = "@micropub:hs.test";
constexpr char kAlice[] = "@alice:hs.test";
constexpr char kDm[] = "!dm:hs.test";

class FakeMatrixActions final : public MatrixActions {
 public:
  struct Notice {
    std::string room_id, text, key;
  };
  absl::Status Notice(std::string_view room_id, std::string_view text,
                      std::string_view key) override {
    notices.push_back({std::string(room_id), std::string(text), std::string(key)});
    return notice_status;
  }
  absl::Status Join(std::string_view room_id) override {
    joined.emplace_back(room_id);
    return absl::OkStatus();
  }
  absl::StatusOr<std::string> CreateDirectRoom(std::string_view user_id) override {
    created_for.emplace_back(user_id);
    return std::string("!new:hs.test");
  }
  absl::StatusOr<indieweb::MediaFile> Download(std::string_view mxc_uri, int64_t) override {
    auto it = media.find(std::string(mxc_uri));
    if (it == media.end()) {
      return absl::NotFoundError("no such media");
    }
    return it->second;
  }
  std::string LastText() const { return notices.empty() ? "" : notices.back().text; }

  std::vector<struct Notice> notices;
  std::vector<std::string> joined;
  std::vector<std::string> created_for;
  std::map<std::string, indieweb::MediaFile> media;
  absl::Status notice_status;
};

http::Response WithLocation(int status, std::string location) {
  http::Response r;
  r.status = status;
  r.headers.emplace("Location", std::move(location));
  return r;
}

class BotTest : public ::testing::Test {
 protected:
  BotTest()
      : guard_(resolver_),
        web_(fake_, guard_),
        discoverer_(web_),
        auth_(web_, discoverer_, Identity(), clock_),
        bot_(store_, matrix_, web_, discoverer_, auth_, Options(), clock_, metrics_) {
    for (const char* host : {"me.example", "auth.example", "mp.example", "client.example"}) {
      resolver_.Set(host, {*indieweb::IpAddress::Parse("93.184.216.34")});
    }
  }
  static indieweb::ClientIdentity Identity() {
    return {"https://client.example/", "https://client.example/callback"};
  }
  static BotOptions Options() {
    BotOptions options;
    options.bot_user_id = kBot;
    options.client = Identity();
    return options;
  }

  static mxedge::v1::MatrixEvent Event(std::string id, std::string type, std::string content,
                                       std::string sender = kAlice) {
    mxedge::v1::MatrixEvent event;
    event.set_event_id(std::move(id));
    event.set_room_id(kDm);
    event.set_sender(std::move(sender));
    event.set_type(std::move(type));
    event.set_content_json(std::move(content));
    return event;
  }
  static mxedge::v1::MatrixEvent Text(std::string id, std::string body) {
    return Event(std::move(id), "m.room.message",
                 nlohmann::json{{"msgtype", "m.text"}, {"body", body}}.dump());
  }

  void LinkAlice() {
    ASSERT_TRUE(store_.PutRoom(kDm, kAlice).ok());
    LinkedSite site;
    site.me = "https://me.example/";
    site.micropub_endpoint = "https://mp.example/micropub";
    site.token_endpoint = "https://auth.example/token";
    site.access_token = "TOKEN";
    site.scope = "create update delete";
    ASSERT_TRUE(store_.PutSite(kAlice, site).ok());
  }

  HandleResult Handle(const mxedge::v1::MatrixEvent& event) { return bot_.Handle(event); }

  static http::Response DiscoveryPage() {
    http::Response page;
    page.status = 200;
    page.headers.emplace("Content-Type", "text/html");
    page.body = R"(<link rel="authorization_endpoint" href="https://auth.example/auth">
                   <link rel="token_endpoint" href="https://auth.example/token">
                   <link rel="micropub" href="https://mp.example/micropub">)";
    return page;
  }

  mxedge::testing::FakeClock clock_;
  InMemoryMicropubStore store_{clock_};
  FakeMatrixActions matrix_;
  indieweb::FakeResolver resolver_;
  indieweb::UrlGuard guard_;
  http::FakeHttpClient fake_;
  indieweb::GuardedHttpClient web_;
  indieweb::Discoverer discoverer_;
  indieweb::IndieAuthClient auth_;
  common::MetricsRegistry registry_;
  MicropubMetrics metrics_{registry_};
  Bot bot_;
};

TEST_F(BotTest, AnInviteIsJoinedAndTheRoomBecomesTheDm) {
  mxedge::v1::MatrixEvent invite = Event("$i", "m.room.member", R"({"membership":"invite"})");
  invite.set_state_key(kBot);
  EXPECT_FALSE(Handle(invite).retry_later);
  EXPECT_EQ(matrix_.joined, std::vector<std::string>{kDm});
  EXPECT_EQ(store_.RoomUser(kDm)->value(), kAlice);
  EXPECT_EQ(store_.Prefs(kAlice)->dm_room_id, kDm);
  EXPECT_TRUE(absl::StrContains(matrix_.LastText(), "!indieauth"));
}

TEST_F(BotTest, EventsOutsideTheDmOrFromOthersAreIgnored) {
  LinkAlice();
  Handle(Event("$x", "m.room.message", R"({"msgtype":"m.text","body":"hi"})", "@mallory:hs.test"));
  mxedge::v1::MatrixEvent elsewhere = Text("$y", "hello");
  elsewhere.set_room_id("!other:hs.test");
  Handle(elsewhere);
  Handle(Event("$z", "m.room.message", R"({"msgtype":"m.text","body":"hi"})", kBot));
  EXPECT_TRUE(matrix_.notices.empty());
  EXPECT_EQ(fake_.request_count(), 0u);
}

TEST_F(BotTest, TextIsPostedAndAnsweredWithTheUrl) {
  LinkAlice();
  fake_.Enqueue("POST", "https://mp.example/micropub", WithLocation(201, "https://me.example/1"));
  EXPECT_FALSE(Handle(Text("$p1", "Hello #matrix")).retry_later);
  ASSERT_EQ(fake_.request_count(), 1u);
  const nlohmann::json sent = nlohmann::json::parse(fake_.requests()[0].body);
  EXPECT_EQ(sent["properties"]["content"][0], "Hello #matrix");
  EXPECT_EQ(sent["properties"]["category"][0], "matrix");
  EXPECT_EQ(sent["properties"]["mp-slug"][0], DeterministicSlug("$p1"));
  ASSERT_EQ(matrix_.notices.size(), 1u);
  EXPECT_EQ(matrix_.notices[0].text, "Posted: https://me.example/1");
  EXPECT_EQ(matrix_.notices[0].key, "mp:$p1:1");
  EXPECT_EQ(store_.Post("$p1")->value().url, "https://me.example/1");
  EXPECT_EQ(store_.Prefs(kAlice)->last_event_id, "$p1");

  // Redelivered: the same notice (same idempotency key), no second POST.
  Handle(Text("$p1", "Hello #matrix"));
  EXPECT_EQ(fake_.request_count(), 1u);
  EXPECT_EQ(matrix_.notices.back().key, "mp:$p1:1");
}

TEST_F(BotTest, WithoutASiteTheUserIsToldHowToLinkOne) {
  ASSERT_TRUE(store_.PutRoom(kDm, kAlice).ok());
  Handle(Text("$p", "hello"));
  EXPECT_TRUE(absl::StrContains(matrix_.LastText(), "!indieauth"));
  EXPECT_EQ(fake_.request_count(), 0u);
}

TEST_F(BotTest, IndieAuthSendsTheAuthorizationUrlAndKeepsTheRequest) {
  ASSERT_TRUE(store_.PutRoom(kDm, kAlice).ok());
  fake_.Enqueue("GET", "https://me.example/", DiscoveryPage());
  Handle(Text("$a", "!indieauth me.example"));
  const std::string text = matrix_.LastText();
  EXPECT_TRUE(absl::StrContains(text, "https://auth.example/auth?")) << text;
  EXPECT_TRUE(absl::StrContains(text, "code_challenge_method=S256")) << text;
  const size_t state_at = text.find("state=");
  ASSERT_NE(state_at, std::string::npos);
  std::string state = text.substr(state_at + 6);
  state = state.substr(0, state.find_first_of("&\n"));
  std::optional<PendingLink> link = *store_.TakeAuth(state);
  ASSERT_TRUE(link.has_value());
  EXPECT_EQ(link->mxid, kAlice);
  EXPECT_EQ(link->room_id, kDm);
  EXPECT_EQ(link->authorization.me, "https://me.example/");
}

TEST_F(BotTest, SettingsCommandsChangeTheNextPost) {
  LinkAlice();
  Handle(Text("$s1", "!draft"));
  Handle(Text("$s2", "!slug my-post"));
  EXPECT_EQ(matrix_.LastText(), "Your next post gets the slug my-post.");
  fake_.Enqueue("POST", "https://mp.example/micropub", WithLocation(201, "https://me.example/2"));
  Handle(Text("$p2", "draft text"));
  const nlohmann::json sent = nlohmann::json::parse(fake_.requests().back().body);
  EXPECT_EQ(sent["properties"]["post-status"][0], "draft");
  EXPECT_EQ(sent["properties"]["mp-slug"][0], "my-post");
  EXPECT_FALSE(store_.Prefs(kAlice)->next.draft);
}

TEST_F(BotTest, EditsUpdateAndRedactionsDelete) {
  LinkAlice();
  ASSERT_TRUE(
      store_.PutPost("$orig", {kAlice, "https://me.example/", "https://me.example/7"}).ok());
  fake_.Enqueue("POST", "https://mp.example/micropub", WithLocation(204, ""));
  Handle(Event("$edit", "m.room.message", R"({"msgtype":"m.text","body":" * new",
      "m.new_content":{"msgtype":"m.text","body":"new"},
      "m.relates_to":{"rel_type":"m.replace","event_id":"$orig"}})"));
  const nlohmann::json update = nlohmann::json::parse(fake_.requests().back().body);
  EXPECT_EQ(update["action"], "update");
  EXPECT_EQ(update["replace"]["content"][0], "new");
  EXPECT_EQ(matrix_.LastText(), "Updated: https://me.example/7");

  fake_.Enqueue("POST", "https://mp.example/micropub", WithLocation(204, ""));
  mxedge::v1::MatrixEvent redaction = Event("$red", "m.room.redaction", "{}");
  redaction.set_redacts("$orig");
  Handle(redaction);
  EXPECT_NE(fake_.requests().back().body.find("delete"), std::string::npos);
  EXPECT_FALSE(store_.Post("$orig")->has_value());
  EXPECT_EQ(matrix_.LastText(), "Deleted: https://me.example/7");
}

TEST_F(BotTest, RepliesToPostedEventsUseThePostUrl) {
  LinkAlice();
  ASSERT_TRUE(
      store_.PutPost("$parent", {kAlice, "https://me.example/", "https://me.example/p"}).ok());
  fake_.Enqueue("POST", "https://mp.example/micropub", WithLocation(201, "https://me.example/r"));
  Handle(Event("$reply", "m.room.message", R"({"msgtype":"m.text","body":"> <@a:hs> x\n\nyes",
      "m.relates_to":{"m.in_reply_to":{"event_id":"$parent"}}})"));
  const nlohmann::json sent = nlohmann::json::parse(fake_.requests().back().body);
  EXPECT_EQ(sent["properties"]["in-reply-to"][0], "https://me.example/p");
  EXPECT_EQ(sent["properties"]["content"][0], "yes");
}

TEST_F(BotTest, EncryptedMessagesGetAPlainNoticeAndANewDm) {
  LinkAlice();
  Handle(Event("$enc", "m.room.encrypted", R"({"algorithm":"m.megolm.v1.aes-sha2"})"));
  EXPECT_EQ(matrix_.created_for, std::vector<std::string>{kAlice});
  EXPECT_EQ(store_.RoomUser("!new:hs.test")->value(), kAlice);
  EXPECT_TRUE(absl::StrContains(matrix_.LastText(), "cannot read encrypted"));
}

TEST_F(BotTest, AnUncertainCreateIsAskedAboutAndRetried) {
  LinkAlice();
  fake_.Enqueue("POST", "https://mp.example/micropub", absl::UnavailableError("reset"));
  EXPECT_TRUE(Handle(Text("$u", "maybe")).retry_later);
  // The router delivers it again: pending without a URL → ask the user.
  EXPECT_FALSE(Handle(Text("$u", "maybe")).retry_later);
  EXPECT_TRUE(absl::StrContains(matrix_.LastText(), "!retry"));
  fake_.Enqueue("POST", "https://mp.example/micropub", WithLocation(201, "https://me.example/u"));
  Handle(Text("$r", "!retry"));
  EXPECT_EQ(matrix_.LastText(), "Posted: https://me.example/u");
  EXPECT_EQ(store_.Post("$u")->value().url, "https://me.example/u");
  EXPECT_TRUE(store_.Prefs(kAlice)->retry_event_id.empty());
}

TEST_F(BotTest, AMissingScopeSendsALinkAskingForIt) {
  LinkAlice();
  http::Response refused;
  refused.status = 403;
  refused.headers.emplace("Content-Type", "application/json");
  refused.body = R"({"error":"insufficient_scope","scope":"draft"})";
  fake_.Enqueue("POST", "https://mp.example/micropub", refused);
  fake_.Enqueue("GET", "https://me.example/", DiscoveryPage());
  EXPECT_FALSE(Handle(Text("$f", "hi")).retry_later);
  const std::string text = matrix_.LastText();
  EXPECT_TRUE(absl::StartsWith(text, "Posting failed: your site requires the permission \"draft\""))
      << text;
  const size_t scope_at = text.find("scope=");
  ASSERT_NE(scope_at, std::string::npos) << text;
  const std::string scope = text.substr(scope_at, text.find('&', scope_at) - scope_at);
  EXPECT_TRUE(absl::StrContains(scope, "create")) << scope;
  EXPECT_TRUE(absl::StrContains(scope, "draft")) << scope;
  EXPECT_TRUE(store_.Post("$f")->has_value() == false);
}

TEST_F(BotTest, AMissingScopeWithoutANameIsExplained) {
  LinkAlice();
  http::Response refused;
  refused.status = 401;
  refused.headers.emplace("Content-Type", "application/json");
  refused.body = R"({"error":"insufficient_scope"})";
  fake_.Enqueue("POST", "https://mp.example/micropub", refused);
  EXPECT_FALSE(Handle(Text("$f", "hi")).retry_later);
  EXPECT_TRUE(absl::StrContains(matrix_.LastText(), "!indieauth")) << matrix_.LastText();
  EXPECT_TRUE(absl::StrContains(matrix_.LastText(), "insufficient_scope")) << matrix_.LastText();
  EXPECT_FALSE(absl::StrContains(matrix_.LastText(), "\"\"")) << matrix_.LastText();
  EXPECT_EQ(fake_.request_count(), 1u);
}

TEST_F(BotTest, A401IsRefreshedAndThePostMade) {
  LinkAlice();
  LinkedSite site = store_.Sites(kAlice)->front();
  site.refresh_token = "REFRESH";
  ASSERT_TRUE(store_.PutSite(kAlice, site).ok());
  http::Response unauthorized;
  unauthorized.status = 401;
  unauthorized.headers.emplace("Content-Type", "application/json");
  unauthorized.body = R"({"error":"unauthorized"})";
  http::Response grant;
  grant.status = 200;
  grant.headers.emplace("Content-Type", "application/json");
  grant.body = R"({"access_token":"NEW","token_type":"Bearer","refresh_token":"REFRESH2"})";
  fake_.Enqueue("POST", "https://mp.example/micropub", unauthorized);
  fake_.Enqueue("POST", "https://auth.example/token", grant);
  fake_.Enqueue("POST", "https://mp.example/micropub", WithLocation(201, "https://me.example/9"));
  EXPECT_FALSE(Handle(Text("$t", "hello")).retry_later);
  EXPECT_EQ(matrix_.LastText(), "Posted: https://me.example/9");
  EXPECT_EQ(store_.Sites(kAlice)->front().access_token, "NEW");
  EXPECT_EQ(store_.Sites(kAlice)->front().refresh_token, "REFRESH2");
}

TEST_F(BotTest, AnExpiredLoginWithoutRefreshTokenAsksToLinkAgain) {
  LinkAlice();
  LinkedSite site = store_.Sites(kAlice)->front();
  site.expires_at_ms = clock_.NowUnixMs() - 1;
  ASSERT_TRUE(store_.PutSite(kAlice, site).ok());
  EXPECT_FALSE(Handle(Text("$x", "hello")).retry_later);
  EXPECT_TRUE(absl::StrContains(matrix_.LastText(), "has expired")) << matrix_.LastText();
  EXPECT_TRUE(absl::StrContains(matrix_.LastText(), "!indieauth")) << matrix_.LastText();
  EXPECT_EQ(fake_.request_count(), 0u);
  EXPECT_FALSE(store_.Pending("$x")->has_value());
}

TEST_F(BotTest, PostsOverTheUserLimitAreRefusedWithAClearMessage) {
  LinkAlice();
  BotOptions options = Options();
  options.post_rate.posts_per_hour = 60;
  options.post_rate.burst = 1;
  Bot limited(store_, matrix_, web_, discoverer_, auth_, options, clock_, metrics_);
  fake_.Enqueue("POST", "https://mp.example/micropub", WithLocation(201, "https://me.example/1"));
  EXPECT_FALSE(limited.Handle(Text("$l1", "one")).retry_later);
  EXPECT_EQ(matrix_.LastText(), "Posted: https://me.example/1");
  EXPECT_FALSE(limited.Handle(Text("$l2", "two")).retry_later);
  EXPECT_EQ(matrix_.LastText(),
            "You are posting faster than the bot allows (60 posts an hour). This message was "
            "not posted: send it again in 60 seconds.");
  EXPECT_EQ(fake_.request_count(), 1u);
  EXPECT_FALSE(store_.Pending("$l2")->has_value());
  EXPECT_TRUE(absl::StrContains(registry_.RenderText(),
                                "mxedge_micropub_rate_limited_total{limit=\"user_posts\"} 1"));
  EXPECT_TRUE(absl::StrContains(registry_.RenderText(),
                                "mxedge_micropub_posts_total{outcome=\"rate_limited\"} 1"));
  clock_.Advance(std::chrono::seconds(60));
  fake_.Enqueue("POST", "https://mp.example/micropub", WithLocation(201, "https://me.example/2"));
  limited.Handle(Text("$l2", "two"));
  EXPECT_EQ(matrix_.LastText(), "Posted: https://me.example/2");
}

TEST_F(BotTest, AnUnconfirmedSiteIsUsedOnlyAfterConfirm) {
  LinkAlice();
  LinkedSite site = store_.Sites(kAlice)->front();
  site.confirmed = false;
  ASSERT_TRUE(store_.PutSite(kAlice, site).ok());
  Handle(Text("$before", "hello"));
  EXPECT_TRUE(absl::StrContains(matrix_.LastText(), "!indieauth"));
  EXPECT_EQ(fake_.request_count(), 0u);
  Handle(Text("$c", "!confirm"));
  EXPECT_TRUE(absl::StrContains(matrix_.LastText(), "Linked https://me.example/"));
  EXPECT_TRUE(store_.Sites(kAlice)->front().confirmed);
  Handle(Text("$c2", "!confirm"));
  EXPECT_EQ(matrix_.LastText(), "There is no site waiting for confirmation.");
}

TEST_F(BotTest, AFailedNoticeIsRetriedLater) {
  LinkAlice();
  matrix_.notice_status = absl::UnavailableError("router down");
  EXPECT_TRUE(Handle(Text("$h", "!help")).retry_later);
}

TEST_F(BotTest, AForbiddenAnswerSuggestsLinkingAgain) {
  LinkAlice();
  http::Response forbidden;
  forbidden.status = 403;
  forbidden.headers.emplace("Content-Type", "application/json");
  forbidden.body = R"({"error":"forbidden"})";
  fake_.Enqueue("POST", "https://mp.example/micropub", forbidden);
  EXPECT_FALSE(Handle(Text("$r", "hi")).retry_later);
  EXPECT_TRUE(absl::StrContains(matrix_.LastText(), "HTTP 403 forbidden")) << matrix_.LastText();
  EXPECT_TRUE(absl::StrContains(matrix_.LastText(), "!indieauth")) << matrix_.LastText();
  EXPECT_FALSE(store_.Pending("$r")->has_value());
}

}  // namespace
}  // namespace mxedge::micropub
