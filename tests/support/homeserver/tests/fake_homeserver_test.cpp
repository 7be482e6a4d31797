#include "mxedge/testing/fake_homeserver.hpp"

#include <gtest/gtest.h>

#include "mxedge/http/curl_http_client.hpp"
#include "mxedge/http/percent_encoding.hpp"
#include "mxedge/http/retry_after.hpp"

namespace mxedge::testing {
namespace {

using nlohmann::json;

class FakeHomeserverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FakeHomeserverOptions options;
    options.as_token = "as_secret";
    hs_ = std::make_unique<FakeHomeserver>(options);
    ASSERT_TRUE(hs_->Start().ok());
  }
  // A CS call with the as_token in the Authorization header, optionally masquerading.
  http::Response Call(std::string method, std::string path, json body = nullptr,
                      std::string user_id = "") {
    http::ClientRequest request;
    request.method = std::move(method);
    request.url = hs_->base_url() + path;
    if (!user_id.empty()) {
      request.url += (path.find('?') == std::string::npos ? "?" : "&");
      request.url += "user_id=" + http::PercentEncode(user_id);
    }
    request.headers.emplace("Authorization", "Bearer as_secret");
    if (!body.is_null()) {
      request.headers.emplace("Content-Type", "application/json");
      request.body = body.dump();
    }
    auto response = client_.Send(request);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : http::Response{};
  }
  static json Json(const http::Response& r) { return json::parse(r.body); }

  http::CurlHttpClient client_;
  std::unique_ptr<FakeHomeserver> hs_;
};

constexpr char kV3[] = "/_matrix/client/v3";

TEST_F(FakeHomeserverTest, VersionsListIsConfigurable) {
  http::Response r = Call("GET", "/_matrix/client/versions");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Json(r)["versions"], json({"r0.6.1", "v1.1", "v1.2"}));
}

TEST_F(FakeHomeserverTest, RegistersOnceThenUserInUse) {
  json body = {{"type", "m.login.application_service"}, {"username", "irc_alice"}};
  http::Response first = Call("POST", std::string(kV3) + "/register", body);
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(Json(first)["user_id"], "@irc_alice:localhost");
  http::Response again = Call("POST", std::string(kV3) + "/register", body);
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(Json(again)["errcode"], "M_USER_IN_USE");
  http::Response outside = Call("POST", "/_matrix/client/r0/register",
                                {{"type", "m.login.application_service"}, {"username", "bob"}});
  EXPECT_EQ(Json(outside)["errcode"], "M_EXCLUSIVE");
  EXPECT_TRUE(hs_->IsRegistered("@irc_alice:localhost"));
}

TEST_F(FakeHomeserverTest, ChecksTokenInHeaderOrQuery) {
  auto send = [&](std::string url, std::optional<std::string> header) {
    http::ClientRequest request{"GET", hs_->base_url() + url};
    if (header) {
      request.headers.emplace("Authorization", *header);
    }
    return *client_.Send(request);
  };
  const std::string whoami = std::string(kV3) + "/account/whoami";
  EXPECT_EQ(Json(send(whoami, std::nullopt))["errcode"], "M_MISSING_TOKEN");
  EXPECT_EQ(send(whoami, "Bearer wrong").status, 401);
  EXPECT_EQ(Json(send(whoami, "Bearer wrong"))["errcode"], "M_UNKNOWN_TOKEN");
  http::Response by_query = send(whoami + "?access_token=as_secret", std::nullopt);
  EXPECT_EQ(by_query.status, 200);
  EXPECT_EQ(Json(by_query)["user_id"], "@bridge:localhost");
}

TEST_F(FakeHomeserverTest, MasqueradingNeedsRegisteredUserInNamespace) {
  const std::string whoami = std::string(kV3) + "/account/whoami";
  http::Response ghost = Call("GET", whoami, nullptr, "@irc_ghost:localhost");
  EXPECT_EQ(ghost.status, 403);
  EXPECT_NE(Json(ghost)["error"].get<std::string>().find("has not registered"), std::string::npos);
  http::Response alice = Call("GET", whoami, nullptr, "@alice:localhost");
  EXPECT_EQ(alice.status, 403);
  EXPECT_NE(Json(alice)["error"].get<std::string>().find("cannot masquerade"), std::string::npos);
  hs_->RegisterUser("@irc_foo:localhost");
  http::Response foo = Call("GET", whoami, nullptr, "@irc_foo:localhost");
  EXPECT_EQ(foo.status, 200);
  EXPECT_EQ(Json(foo)["user_id"], "@irc_foo:localhost");
}

TEST_F(FakeHomeserverTest, CreateJoinAndSendIsIdempotentPerUserAndTxn) {
  http::Response created =
      Call("POST", std::string(kV3) + "/createRoom", {{"room_alias_name", "irc_chan"}});
  ASSERT_EQ(created.status, 200);
  const std::string room_id = Json(created)["room_id"];
  http::Response resolved = Call(
      "GET", std::string(kV3) + "/directory/room/" + http::PercentEncode("#irc_chan:localhost"));
  EXPECT_EQ(Json(resolved)["room_id"], room_id);
  EXPECT_EQ(Call("GET", std::string(kV3) + "/directory/room/%23nope%3Alocalhost").status, 404);

  const std::string ghost = "@irc_foo:localhost";
  hs_->RegisterUser(ghost);
  const std::string room = http::PercentEncode(room_id);
  const std::string send = std::string(kV3) + "/rooms/" + room + "/send/m.room.message/";
  EXPECT_EQ(Call("PUT", send + "t1", {{"body", "x"}}, ghost).status, 403);  // not joined yet
  http::Response joined =
      Call("POST", std::string(kV3) + "/join/" + http::PercentEncode("#irc_chan:localhost"),
           json::object(), ghost);
  EXPECT_EQ(Json(joined)["room_id"], room_id);
  EXPECT_EQ(hs_->JoinedMembers(room_id), (std::set<std::string>{"@bridge:localhost", ghost}));

  const std::string e1 = Json(Call("PUT", send + "t1", {{"body", "hello"}}, ghost))["event_id"];
  const std::string e1_again =
      Json(Call("PUT", send + "t1", {{"body", "hello"}}, ghost))["event_id"];
  const std::string e2 = Json(Call("PUT", send + "t2", {{"body", "hello"}}, ghost))["event_id"];
  const std::string e_bridge = Json(Call("PUT", send + "t1", {{"body", "hello"}}))["event_id"];
  EXPECT_EQ(e1, e1_again);
  EXPECT_NE(e1, e2);
  EXPECT_NE(e1, e_bridge);
  auto event = hs_->Event(e1);
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ((*event)["sender"], ghost);
  EXPECT_EQ((*event)["content"]["body"], "hello");
  http::Response fetched =
      Call("GET", std::string(kV3) + "/rooms/" + room + "/event/" + http::PercentEncode(e1));
  EXPECT_EQ(Json(fetched)["event_id"], e1);
  http::Response members = Call("GET", std::string(kV3) + "/rooms/" + room + "/joined_members");
  EXPECT_TRUE(Json(members)["joined"].contains(ghost));
}

TEST_F(FakeHomeserverTest, SendHonoursTimestampMassaging) {
  const std::string room_id = hs_->CreateRoom("@bridge:localhost");
  http::Response sent = Call("PUT",
                             std::string(kV3) + "/rooms/" + http::PercentEncode(room_id) +
                                 "/send/m.room.message/t?ts=1600000000000",
                             {{"body", "x"}});
  EXPECT_EQ((*hs_->Event(Json(sent)["event_id"]))["origin_server_ts"], 1600000000000);
}

TEST_F(FakeHomeserverTest, MembershipInviteKickLeave) {
  const std::string room_id = hs_->CreateRoom("@bridge:localhost", "irc_x");
  const std::string room = std::string(kV3) + "/rooms/" + http::PercentEncode(room_id);
  hs_->RegisterUser("@irc_a:localhost");
  EXPECT_EQ(Call("POST", room + "/invite", {{"user_id", "@irc_a:localhost"}}).status, 200);
  EXPECT_EQ(Call("POST", room + "/join", json::object(), "@irc_a:localhost").status, 200);
  EXPECT_EQ(hs_->JoinedMembers(room_id).count("@irc_a:localhost"), 1u);
  EXPECT_EQ(Call("POST", room + "/kick", {{"user_id", "@irc_a:localhost"}, {"reason", "r"}}).status,
            200);
  EXPECT_EQ(hs_->JoinedMembers(room_id).count("@irc_a:localhost"), 0u);
  EXPECT_EQ(Call("POST", room + "/invite", json::object()).status, 400);
  EXPECT_EQ(Call("POST", room + "/leave", json::object()).status, 200);
  EXPECT_TRUE(hs_->JoinedMembers(room_id).empty());
}

TEST_F(FakeHomeserverTest, StateAndProfile) {
  const std::string room_id = hs_->CreateRoom("@bridge:localhost");
  const std::string state =
      std::string(kV3) + "/rooms/" + http::PercentEncode(room_id) + "/state/m.room.topic";
  EXPECT_EQ(Call("GET", state).status, 404);
  EXPECT_EQ(Call("PUT", state, {{"topic", "t1"}}).status, 200);
  EXPECT_EQ(Json(Call("GET", state))["topic"], "t1");
  EXPECT_EQ(Call("PUT", state + "/k", {{"topic", "keyed"}}).status, 200);
  EXPECT_EQ(Json(Call("GET", state + "/k"))["topic"], "keyed");

  hs_->RegisterUser("@irc_p:localhost");
  const std::string profile =
      std::string(kV3) + "/profile/" + http::PercentEncode("@irc_p:localhost");
  EXPECT_EQ(Call("PUT", profile + "/displayname", {{"displayname", "P"}}).status, 403);
  EXPECT_EQ(
      Call("PUT", profile + "/displayname", {{"displayname", "P"}}, "@irc_p:localhost").status,
      200);
  EXPECT_EQ(Json(Call("GET", profile + "/displayname"))["displayname"], "P");
  EXPECT_EQ(hs_->DisplayName("@irc_p:localhost"), "P");
  EXPECT_EQ(Call("GET", profile + "/avatar_url").status, 404);
}

TEST_F(FakeHomeserverTest, MediaUploadAndBothDownloadPaths) {
  http::ClientRequest upload{"POST",
                             hs_->base_url() + "/_matrix/media/v3/upload",
                             {{"Authorization", "Bearer as_secret"}, {"Content-Type", "image/png"}},
                             std::string("\x89PNG\0data", 9)};
  auto uploaded = client_.Send(upload);
  ASSERT_TRUE(uploaded.ok());
  const std::string uri = Json(*uploaded)["content_uri"];
  ASSERT_EQ(uri.rfind("mxc://localhost/", 0), 0u);
  const std::string media = uri.substr(6);
  http::ClientRequest legacy{"GET", hs_->base_url() + "/_matrix/media/v3/download/" + media};
  auto got = client_.Send(legacy);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->body, std::string("\x89PNG\0data", 9));
  EXPECT_EQ(http::FindHeader(got->headers, "content-type"), "image/png");
  http::ClientRequest authed{"GET", hs_->base_url() + "/_matrix/client/v1/media/download/" + media};
  EXPECT_EQ(client_.Send(authed)->status, 401);
  EXPECT_EQ(Call("GET", "/_matrix/client/v1/media/download/" + media).body, got->body);
}

TEST_F(FakeHomeserverTest, SyncAnswersScriptedBodies) {
  EXPECT_EQ(Json(Call("GET", std::string(kV3) + "/sync?timeout=0"))["next_batch"], "s0");
  hs_->EnqueueSyncBody({{"next_batch", "s1"}});
  hs_->EnqueueSyncBody({{"next_batch", "s2"}});
  EXPECT_EQ(Json(Call("GET", std::string(kV3) + "/sync"))["next_batch"], "s1");
  EXPECT_EQ(Json(Call("GET", std::string(kV3) + "/sync?since=s1"))["next_batch"], "s2");
  EXPECT_EQ(Json(Call("GET", std::string(kV3) + "/sync?since=s2"))["next_batch"], "s2");
}

TEST_F(FakeHomeserverTest, InjectedRateLimitThenSuccess) {
  InjectedFailure limited;
  limited.status = 429;
  limited.retry_after_ms = 2000;
  hs_->FailNext("/account/whoami", 2, limited);
  const std::string whoami = std::string(kV3) + "/account/whoami";
  http::Response first = Call("GET", whoami);
  EXPECT_EQ(first.status, 429);
  EXPECT_EQ(Json(first)["errcode"], "M_LIMIT_EXCEEDED");
  EXPECT_EQ(http::RetryAfterMs(first, std::chrono::system_clock::now()), 2000);
  EXPECT_EQ(Call("GET", whoami).status, 429);
  EXPECT_EQ(Call("GET", whoami).status, 200);

  InjectedFailure broken;
  broken.status = 500;
  broken.errcode = "M_UNKNOWN";
  hs_->FailNext("/sync", 1, broken);
  EXPECT_EQ(Call("GET", std::string(kV3) + "/sync").status, 500);
}

TEST_F(FakeHomeserverTest, InjectedDelay) {
  InjectedFailure slow;
  slow.status = 0;
  slow.delay = std::chrono::milliseconds(150);
  hs_->FailNext("/versions", 1, slow);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Call("GET", "/_matrix/client/versions").status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(150));
}

TEST_F(FakeHomeserverTest, RecordsEveryRequestIncludingUnknownOnes) {
  Call("GET", "/_matrix/client/versions");
  http::Response unknown = Call("GET", "/_matrix/client/v3/nope?x=1");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(Json(unknown)["errcode"], "M_UNRECOGNIZED");
  auto all = hs_->requests();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].path, "/_matrix/client/v3/nope");
  EXPECT_EQ(all[1].query.find("x")->second, "1");
  EXPECT_EQ(http::FindHeader(all[1].headers, "authorization"), "Bearer as_secret");
  EXPECT_EQ(hs_->RequestsTo("GET", "/versions").size(), 1u);
  hs_->ClearRequests();
  EXPECT_TRUE(hs_->requests().empty());
}

}  // namespace
}  // namespace mxedge::testing
