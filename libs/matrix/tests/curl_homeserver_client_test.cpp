#include "mxedge/matrix/curl_homeserver_client.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "mxedge/common/status_mapping.hpp"
#include "mxedge/http/fake_http_client.hpp"

namespace mxedge::matrix {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kBase[] = "http://127.0.0.1:8008";
constexpr char kClient[] = "http://127.0.0.1:8008/_matrix/client/v3";

class CurlHomeserverClientTest : public ::testing::Test {
 protected:
  CurlHomeserverClientOptions Options() {
    CurlHomeserverClientOptions options;
    options.base_url = std::string(kBase) + "/";
    options.as_token = "as_secret";
    options.sender_localpart = "bridge";
    options.server_name = "example.org";
    options.rate_limit_max_wait = std::chrono::milliseconds(5000);
    options.sleep = [this](std::chrono::milliseconds d) { sleeps_.push_back(d); };
    options.observer = [this](std::string_view endpoint, int status, double seconds) {
      EXPECT_GE(seconds, 0.0);
      observed_.emplace_back(std::string(endpoint), status);
    };
    return options;
  }

  http::ClientRequest Last() const {
    std::vector<http::ClientRequest> all = fake_.requests();
    EXPECT_FALSE(all.empty());
    return all.empty() ? http::ClientRequest{} : all.back();
  }

  static std::string Header(const http::ClientRequest& r, std::string_view name) {
    return http::FindHeader(r.headers, name).value_or("<none>");
  }

  http::FakeHttpClient fake_;
  std::vector<std::chrono::milliseconds> sleeps_;
  std::vector<std::pair<std::string, int>> observed_;
  CurlHomeserverClient client_{fake_, Options()};
};

TEST_F(CurlHomeserverClientTest, RegisterSendsApplicationServiceLogin) {
  fake_.Enqueue("POST", std::string(kClient) + "/register",
                http::Response::Json(200, R"({"user_id":"@irc_x:example.org"})"));
  ASSERT_TRUE(client_.Register({"irc_x", "req-1"}).ok());
  const http::ClientRequest r = Last();
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, std::string(kClient) + "/register");
  EXPECT_EQ(json::parse(r.body), json::parse(R"({"type":"m.login.application_service",
                                                  "username":"irc_x","inhibit_login":true})"));
  EXPECT_EQ(Header(r, "Authorization"), "Bearer as_secret");
  EXPECT_EQ(Header(r, "Content-Type"), "application/json");
  EXPECT_EQ(Header(r, "X-Request-Id"), "req-1");
  EXPECT_THAT(observed_, ElementsAre(std::pair<std::string, int>{"POST /register", 200}));
}

TEST_F(CurlHomeserverClientTest, RegisterTreatsUserInUseAsSuccessAndOtherErrorsAsErrors) {
  fake_.Enqueue("POST", kBase, http::Response::MatrixError(400, "M_USER_IN_USE", "taken"));
  EXPECT_TRUE(client_.Register({"irc_x", ""}).ok());
  fake_.Enqueue("POST", kBase, http::Response::MatrixError(400, "M_EXCLUSIVE", "not yours"));
  absl::Status status = client_.Register({"other", ""});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(common::MatrixErrcodeOf(status), "M_EXCLUSIVE");
  // A fresh request id is generated when none is given.
  EXPECT_EQ(Header(Last(), "X-Request-Id").size(), 16u);
}

TEST_F(CurlHomeserverClientTest, RegisterRejectsBadLocalpartWithoutCalling) {
  EXPECT_EQ(client_.Register({"has space", ""}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(client_.Register({"", ""}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(fake_.request_count(), 0u);
}

TEST_F(CurlHomeserverClientTest, JoinEncodesAliasAndPassesServersAndMasquerade) {
  fake_.Enqueue("POST", kBase, http::Response::Json(200, R"({"room_id":"!r:example.org"})"));
  absl::StatusOr<std::string> room = client_.Join({"#irc_libera_#matrix:example.org",
                                                   "@irc_libera_bob:example.org",
                                                   {"example.org", "other.org:8448"},
                                                   "rid"});
  ASSERT_TRUE(room.ok()) << room.status();
  EXPECT_EQ(*room, "!r:example.org");
  const http::ClientRequest r = Last();
  EXPECT_EQ(r.url, std::string(kClient) +
                       "/join/%23irc_libera_%23matrix%3Aexample.org"
                       "?server_name=example.org&server_name=other.org%3A8448"
                       "&via=example.org&via=other.org%3A8448"
                       "&user_id=%40irc_libera_bob%3Aexample.org");
  EXPECT_EQ(r.body, "{}");
}

TEST_F(CurlHomeserverClientTest, JoinValidatesIdsAndAnswer) {
  EXPECT_EQ(client_.Join({"nope", "", {}, ""}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(client_.Join({"!r:s", "not-a-user", {}, ""}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(fake_.request_count(), 0u);
  fake_.Enqueue("POST", kBase, http::Response::Json(200, R"({"no_room":1})"));
  EXPECT_EQ(client_.Join({"!r:s", "", {}, ""}).status().code(), absl::StatusCode::kInternal);
}

TEST_F(CurlHomeserverClientTest, MembershipCallsSendExactBodies) {
  fake_.SetDefault(http::Response::Json(200, "{}"));
  ASSERT_TRUE(client_.Leave({"!r:s", "@irc_a:s", "bye", ""}).ok());
  EXPECT_EQ(Last().url, std::string(kClient) + "/rooms/%21r%3As/leave?user_id=%40irc_a%3As");
  EXPECT_EQ(json::parse(Last().body), json::parse(R"({"reason":"bye"})"));

  ASSERT_TRUE(client_.Leave({"!r:s", "", "", ""}).ok());
  EXPECT_EQ(Last().url, std::string(kClient) + "/rooms/%21r%3As/leave");
  EXPECT_EQ(Last().body, "{}");

  ASSERT_TRUE(client_.Invite({"!r:s", "@bob:s", "@irc_a:s", "", ""}).ok());
  EXPECT_EQ(Last().method, "POST");
  EXPECT_EQ(Last().url, std::string(kClient) + "/rooms/%21r%3As/invite?user_id=%40irc_a%3As");
  EXPECT_EQ(json::parse(Last().body), json::parse(R"({"user_id":"@bob:s"})"));

  ASSERT_TRUE(client_.Kick({"!r:s", "@bob:s", "", "spam", ""}).ok());
  EXPECT_EQ(Last().url, std::string(kClient) + "/rooms/%21r%3As/kick");
  EXPECT_EQ(json::parse(Last().body), json::parse(R"({"user_id":"@bob:s","reason":"spam"})"));

  EXPECT_EQ(client_.Kick({"!r:s", "bob", "", "", ""}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(client_.Invite({"r", "@bob:s", "", "", ""}).code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(CurlHomeserverClientTest, SendPutsContentVerbatimWithTxnIdAndTimestamp) {
  fake_.Enqueue("PUT", kBase, http::Response::Json(200, R"({"event_id":"$e1"})"));
  const std::string content = R"({"msgtype":"m.text","body":"héllo / ?&"})";
  absl::StatusOr<std::string> event_id = client_.Send(
      {"!r:example.org", "m.room.message", "irc/1 2", content, "@irc_a:example.org", 1234, ""});
  ASSERT_TRUE(event_id.ok()) << event_id.status();
  EXPECT_EQ(*event_id, "$e1");
  const http::ClientRequest r = Last();
  EXPECT_EQ(r.method, "PUT");
  EXPECT_EQ(r.url, std::string(kClient) +
                       "/rooms/%21r%3Aexample.org/send/m.room.message/irc%2F1%202"
                       "?user_id=%40irc_a%3Aexample.org&ts=1234");
  EXPECT_EQ(r.body, content);
  EXPECT_EQ(observed_.back().first, "PUT /rooms/{roomId}/send/{eventType}/{txnId}");
}

TEST_F(CurlHomeserverClientTest, SendRejectsBadInputWithoutCalling) {
  EXPECT_THAT(std::string(client_.Send({"!r:s", "t", "1", "[1]", "", {}, ""}).status().message()),
              HasSubstr("content: must be a JSON object"));
  EXPECT_THAT(std::string(client_.Send({"!r:s", "t", "1", "{", "", {}, ""}).status().message()),
              HasSubstr("content: not valid JSON"));
  EXPECT_THAT(std::string(client_.Send({"!r:s", "t", "", "{}", "", {}, ""}).status().message()),
              HasSubstr("txn_id: empty"));
  EXPECT_THAT(std::string(client_.Send({"!r:s", "", "1", "{}", "", {}, ""}).status().message()),
              HasSubstr("type: empty"));
  EXPECT_EQ(fake_.request_count(), 0u);
}

TEST_F(CurlHomeserverClientTest, SetStateWithAndWithoutStateKey) {
  fake_.SetDefault(http::Response::Json(200, R"({"event_id":"$s"})"));
  ASSERT_EQ(*client_.SetState({"!r:s", "m.room.name", "", R"({"name":"x"})", "", {}, ""}), "$s");
  EXPECT_EQ(Last().url, std::string(kClient) + "/rooms/%21r%3As/state/m.room.name");
  EXPECT_EQ(Last().method, "PUT");
  ASSERT_TRUE(
      client_
          .SetState({"!r:s", "m.room.member", "@a:s", R"({"membership":"join"})", "@a:s", {}, ""})
          .ok());
  EXPECT_EQ(Last().url,
            std::string(kClient) + "/rooms/%21r%3As/state/m.room.member/%40a%3As?user_id=%40a%3As");
  EXPECT_EQ(Last().body, R"({"membership":"join"})");
}

TEST_F(CurlHomeserverClientTest, ProfileCallsMasqueradeAsTheUser) {
  fake_.SetDefault(http::Response::Json(200, "{}"));
  ASSERT_TRUE(client_.SetDisplayName({"@irc_a:s", "Alice (IRC)", ""}).ok());
  EXPECT_EQ(Last().url,
            std::string(kClient) + "/profile/%40irc_a%3As/displayname?user_id=%40irc_a%3As");
  EXPECT_EQ(json::parse(Last().body), json::parse(R"j({"displayname":"Alice (IRC)"})j"));
  ASSERT_TRUE(client_.SetAvatarUrl({"@irc_a:s", "mxc://s/abc", ""}).ok());
  EXPECT_EQ(Last().url,
            std::string(kClient) + "/profile/%40irc_a%3As/avatar_url?user_id=%40irc_a%3As");
  EXPECT_EQ(json::parse(Last().body), json::parse(R"({"avatar_url":"mxc://s/abc"})"));
  EXPECT_EQ(client_.SetAvatarUrl({"@irc_a:s", "http://x/y", ""}).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(CurlHomeserverClientTest, CreateRoomResolveAliasGetEventJoinedMembers) {
  fake_.Enqueue("POST", kBase, http::Response::Json(200, R"({"room_id":"!new:s"})"));
  ASSERT_EQ(*client_.CreateRoom({R"({"preset":"public_chat"})", "@irc_a:s", ""}), "!new:s");
  EXPECT_EQ(Last().url, std::string(kClient) + "/createRoom?user_id=%40irc_a%3As");
  EXPECT_EQ(Last().body, R"({"preset":"public_chat"})");

  fake_.Enqueue("GET", kBase,
                http::Response::Json(200, R"({"room_id":"!r:s","servers":["s","t"]})"));
  absl::StatusOr<ResolvedAlias> alias = client_.ResolveAlias({"#a:s", ""});
  ASSERT_TRUE(alias.ok()) << alias.status();
  EXPECT_EQ(alias->room_id, "!r:s");
  EXPECT_THAT(alias->servers, ElementsAre("s", "t"));
  EXPECT_EQ(Last().url, std::string(kClient) + "/directory/room/%23a%3As");
  EXPECT_EQ(Last().method, "GET");

  fake_.Enqueue("GET", kBase,
                http::Response::Json(200, R"({"event_id":"$e","room_id":"!r:s","sender":"@a:s",
                                              "type":"m.room.message","content":{"body":"x"}})"));
  absl::StatusOr<Event> event = client_.GetEvent({"!r:s", "$e", "@irc_a:s", ""});
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->type, "m.room.message");
  EXPECT_EQ(Last().url, std::string(kClient) + "/rooms/%21r%3As/event/%24e?user_id=%40irc_a%3As");

  fake_.Enqueue("GET", kBase, http::Response::Json(200, R"({"joined":{
      "@a:s":{"display_name":"A","avatar_url":"mxc://s/x"},"@b:s":{}}})"));
  absl::StatusOr<std::vector<JoinedMember>> members = client_.GetJoinedMembers({"!r:s", "", ""});
  ASSERT_TRUE(members.ok()) << members.status();
  EXPECT_THAT(*members, ElementsAre(JoinedMember{"@a:s", "A", "mxc://s/x"},
                                    JoinedMember{"@b:s", std::nullopt, std::nullopt}));
  EXPECT_EQ(Last().url, std::string(kClient) + "/rooms/%21r%3As/joined_members");
}

TEST_F(CurlHomeserverClientTest, GetStateReadsContentAndReportsAbsentState) {
  fake_.Enqueue("GET", kBase, http::Response::Json(200, R"({"users":{"@a:s":100}})"));
  absl::StatusOr<std::string> levels =
      client_.GetState({"!r:s", "m.room.power_levels", "", "@irc_a:s", ""});
  ASSERT_TRUE(levels.ok()) << levels.status();
  EXPECT_EQ(json::parse(*levels)["users"]["@a:s"], 100);
  EXPECT_EQ(Last().method, "GET");
  EXPECT_EQ(Last().url, std::string(kClient) +
                            "/rooms/%21r%3As/state/m.room.power_levels?user_id=%40irc_a%3As");

  fake_.Enqueue("GET", kBase, http::Response::Json(200, R"({"membership":"join"})"));
  ASSERT_TRUE(client_.GetState({"!r:s", "m.room.member", "@a:s", "", ""}).ok());
  EXPECT_EQ(Last().url, std::string(kClient) + "/rooms/%21r%3As/state/m.room.member/%40a%3As");

  fake_.Enqueue("GET", kBase, http::Response::MatrixError(404, "M_NOT_FOUND", "Event not found."));
  absl::StatusOr<std::string> topic = client_.GetState({"!r:s", "m.room.topic", "", "", ""});
  EXPECT_EQ(topic.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(common::MatrixErrcodeOf(topic.status()), "M_NOT_FOUND");

  fake_.Enqueue("GET", kBase, http::Response::Json(200, R"(["not","an","object"])"));
  EXPECT_EQ(client_.GetState({"!r:s", "m.room.topic", "", "", ""}).status().code(),
            absl::StatusCode::kInternal);

  const size_t sent = fake_.requests().size();
  EXPECT_EQ(client_.GetState({"not-a-room", "m.room.topic", "", "", ""}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(client_.GetState({"!r:s", "", "", "", ""}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(fake_.requests().size(), sent);
}

TEST_F(CurlHomeserverClientTest, GetVersionsParsesVersionsAndFeatures) {
  fake_.Enqueue("GET", kBase, http::Response::Json(200, R"({"versions":["r0.6.1","v1.1","v1.2"],
      "unstable_features":{"org.matrix.msc2409":true,"x":false}})"));
  absl::StatusOr<Versions> versions = client_.GetVersions({""});
  ASSERT_TRUE(versions.ok()) << versions.status();
  EXPECT_TRUE(versions->Supports("v1.2"));
  EXPECT_FALSE(versions->Supports("v1.11"));
  EXPECT_EQ(versions->unstable_features.size(), 2u);
  EXPECT_EQ(Last().url, std::string(kBase) + "/_matrix/client/versions");
  fake_.Enqueue("GET", kBase, http::Response::Json(200, R"({"v":1})"));
  EXPECT_EQ(client_.GetVersions({""}).status().code(), absl::StatusCode::kInternal);
}

TEST_F(CurlHomeserverClientTest, MatrixErrorsMapToStatusWithErrcode) {
  fake_.Enqueue("PUT", kBase, http::Response::MatrixError(403, "M_FORBIDDEN", "not in room"));
  absl::StatusOr<std::string> sent = client_.Send({"!r:s", "t", "1", "{}", "", {}, ""});
  EXPECT_EQ(sent.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(common::MatrixErrcodeOf(sent.status()), "M_FORBIDDEN");
  EXPECT_THAT(std::string(sent.status().message()), HasSubstr("not in room"));
  EXPECT_THAT(std::string(sent.status().message()), ::testing::Not(HasSubstr("as_secret")));

  fake_.Enqueue("PUT", kBase, absl::UnavailableError("connection refused"));
  sent = client_.Send({"!r:s", "t", "1", "{}", "", {}, ""});
  EXPECT_EQ(sent.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(observed_.back().second, 0);
}

TEST_F(CurlHomeserverClientTest, RateLimitIsRetriedHonouringRetryAfterWithCap) {
  fake_.Enqueue(
      "PUT", kBase,
      http::Response::Json(429, R"({"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":700})"));
  fake_.Enqueue(
      "PUT", kBase,
      http::Response::Json(429, R"({"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":99999})"));
  fake_.Enqueue("PUT", kBase, http::Response::MatrixError(429, "M_LIMIT_EXCEEDED", "no hint"));
  fake_.Enqueue("PUT", kBase, http::Response::Json(200, R"({"event_id":"$ok"})"));
  absl::StatusOr<std::string> sent = client_.Send({"!r:s", "t", "1", "{}", "", {}, ""});
  ASSERT_TRUE(sent.ok()) << sent.status();
  EXPECT_EQ(*sent, "$ok");
  EXPECT_THAT(sleeps_, ElementsAre(std::chrono::milliseconds(700), std::chrono::milliseconds(5000),
                                   std::chrono::milliseconds(1000)));
  EXPECT_EQ(fake_.request_count(), 4u);
}

TEST_F(CurlHomeserverClientTest, RateLimitGivesUpAfterMaxRetries) {
  for (int i = 0; i < 4; ++i) {
    fake_.Enqueue(
        "PUT", kBase,
        http::Response::Json(429, R"({"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":20})"));
  }
  absl::StatusOr<std::string> sent = client_.Send({"!r:s", "t", "1", "{}", "", {}, ""});
  EXPECT_EQ(sent.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(common::MatrixErrcodeOf(sent.status()), "M_LIMIT_EXCEEDED");
  EXPECT_EQ(common::RetryAfterOf(sent.status()), std::chrono::milliseconds(20));
  EXPECT_EQ(sleeps_.size(), 3u);
  EXPECT_EQ(fake_.request_count(), 4u);
}

TEST_F(CurlHomeserverClientTest, UploadSendsBytesWithTypeAndFilename) {
  fake_.Enqueue("POST", kBase, http::Response::Json(200, R"({"content_uri":"mxc://s/m1"})"));
  absl::StatusOr<std::string> mxc =
      client_.UploadMedia({std::string("\x89PNG\0", 5), "image/png", "a b.png", "@irc_a:s", ""});
  ASSERT_TRUE(mxc.ok()) << mxc.status();
  EXPECT_EQ(*mxc, "mxc://s/m1");
  EXPECT_EQ(Last().url, std::string(kBase) +
                            "/_matrix/media/v3/upload?filename=a%20b.png&user_id=%40irc_a%3As");
  EXPECT_EQ(Last().body, std::string("\x89PNG\0", 5));
  EXPECT_EQ(Header(Last(), "Content-Type"), "image/png");
  EXPECT_EQ(client_.UploadMedia({"x", "a\r\nb", "", "", ""}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(CurlHomeserverClientTest, DownloadUsesAuthenticatedMediaWhenAvailable) {
  http::Response media = http::Response::Text(200, "bytes");
  http::SetHeader(media.headers, "Content-Type", "image/png");
  http::SetHeader(media.headers, "Content-Disposition", "inline; filename=\"cat.png\"");
  fake_.Enqueue("GET", std::string(kBase) + "/_matrix/client/v1/media/download/s/m1", media);
  absl::StatusOr<Media> got = client_.DownloadMedia({"mxc://s/m1", 100, ""});
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->bytes, "bytes");
  EXPECT_EQ(got->content_type, "image/png");
  EXPECT_EQ(got->filename, "cat.png");
  EXPECT_EQ(Header(Last(), "Authorization"), "Bearer as_secret");
  EXPECT_EQ(client_.media_api(), CurlHomeserverClient::MediaApi::kAuthenticated);
}

TEST_F(CurlHomeserverClientTest, DownloadFallsBackToLegacyAndRemembers) {
  fake_.Enqueue("GET", std::string(kBase) + "/_matrix/client/v1/media/",
                http::Response::MatrixError(404, "M_UNRECOGNIZED", "Unrecognized request"));
  fake_.Enqueue("GET", std::string(kBase) + "/_matrix/media/v3/download/s/m1",
                http::Response::Text(200, "one"));
  fake_.Enqueue("GET", std::string(kBase) + "/_matrix/media/v3/download/s/m2",
                http::Response::Text(200, "two"));
  ASSERT_EQ(client_.DownloadMedia({"mxc://s/m1", 100, ""})->bytes, "one");
  EXPECT_EQ(client_.media_api(), CurlHomeserverClient::MediaApi::kLegacy);
  ASSERT_EQ(client_.DownloadMedia({"mxc://s/m2", 100, ""})->bytes, "two");
  // Only one probe of the authenticated path.
  EXPECT_EQ(fake_.request_count(), 3u);
  EXPECT_EQ(fake_.pending(), 0u);
}

TEST_F(CurlHomeserverClientTest, DownloadFallsBackOn405) {
  fake_.Enqueue("GET", std::string(kBase) + "/_matrix/client/v1/media/",
                http::Response::Text(405, ""));
  fake_.Enqueue("GET", std::string(kBase) + "/_matrix/media/v3/download/",
                http::Response::Text(200, "x"));
  EXPECT_TRUE(client_.DownloadMedia({"mxc://s/m1", 100, ""}).ok());
  EXPECT_EQ(client_.media_api(), CurlHomeserverClient::MediaApi::kLegacy);
}

TEST_F(CurlHomeserverClientTest, DownloadMissingMediaIsNotFoundWithoutFallback) {
  fake_.Enqueue("GET", kBase, http::Response::MatrixError(404, "M_NOT_FOUND", "Not found"));
  absl::StatusOr<Media> got = client_.DownloadMedia({"mxc://s/m1", 100, ""});
  EXPECT_EQ(got.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(fake_.request_count(), 1u);
  EXPECT_EQ(client_.media_api(), CurlHomeserverClient::MediaApi::kUnknown);
}

TEST_F(CurlHomeserverClientTest, DownloadEnforcesMaxBytesAndValidatesUri) {
  fake_.Enqueue("GET", kBase, http::Response::Text(200, std::string(101, 'x')));
  EXPECT_EQ(client_.DownloadMedia({"mxc://s/m1", 100, ""}).status().code(),
            absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(client_.DownloadMedia({"mxc://s/../x", 100, ""}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(fake_.request_count(), 1u);
}

TEST_F(CurlHomeserverClientTest, ForwardUsesClientTokenKeepsQueryOrderAndNeverRetries) {
  http::Response limited =
      http::Response::Json(429, R"({"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":1500})");
  fake_.Enqueue("GET", kBase, limited);
  ForwardRequest request;
  request.method = "GET";
  request.path = "/_matrix/client/v3/sync";
  request.query = {{"timeout", "30000"}, {"since", "s1 2"}, {"filter", "{}"}};
  request.access_token = "client_token";
  request.request_id = "fwd-1";
  absl::StatusOr<ForwardResponse> response = client_.Forward(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 429);
  EXPECT_EQ(response->retry_after_ms, 1500);
  EXPECT_EQ(response->content_type, "application/json");
  EXPECT_TRUE(sleeps_.empty());
  const http::ClientRequest r = Last();
  EXPECT_EQ(r.url, std::string(kBase) +
                       "/_matrix/client/v3/sync?timeout=30000&since=s1%202&filter=%7B%7D");
  EXPECT_EQ(Header(r, "Authorization"), "Bearer client_token");
  EXPECT_EQ(Header(r, "X-Request-Id"), "fwd-1");
  EXPECT_EQ(observed_.back().first, "GET forward");
}

TEST_F(CurlHomeserverClientTest, ForwardWithoutTokenNeverSendsTheAsToken) {
  fake_.Enqueue("POST", kBase, http::Response::Json(200, R"({"flows":[]})"));
  ForwardRequest request;
  request.method = "POST";
  request.path = "/_matrix/client/v3/login";
  request.body = R"({"type":"m.login.password"})";
  request.content_type = "application/json";
  absl::StatusOr<ForwardResponse> response = client_.Forward(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, R"({"flows":[]})");
  EXPECT_FALSE(response->retry_after_ms.has_value());
  EXPECT_EQ(Header(Last(), "Authorization"), "<none>");
  EXPECT_EQ(Last().body, R"({"type":"m.login.password"})");
}

TEST_F(CurlHomeserverClientTest, ForwardRefusesNonClientPaths) {
  ForwardRequest request;
  request.path = "/_synapse/admin/v1/users";
  request.access_token = "t";
  EXPECT_EQ(client_.Forward(request).status().code(), absl::StatusCode::kInvalidArgument);
  request.path = "/_matrix/client/v3/sync";
  request.access_token = "t\r\nX-Evil: 1";
  EXPECT_EQ(client_.Forward(request).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(fake_.request_count(), 0u);
}

TEST_F(CurlHomeserverClientTest, ForwardHasItsOwnResponseLimit) {
  fake_.Enqueue("GET", kBase, http::Response::Json(200, std::string(9 << 20, ' ') + "{}"));
  ForwardRequest request;
  request.path = "/_matrix/client/v3/sync";
  request.access_token = "t";
  absl::StatusOr<ForwardResponse> response = client_.Forward(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->body.size(), (size_t{9} << 20) + 2);
  EXPECT_EQ(client_.sender_user_id(), "@bridge:example.org");
}

TEST(CurlHomeserverClientOptionsTest, R0PrefixIsUsedForClientAndMediaPaths) {
  http::FakeHttpClient fake;
  fake.SetDefault(http::Response::Json(200, R"({"event_id":"$e","content_uri":"mxc://s/m"})"));
  CurlHomeserverClientOptions options;
  options.base_url = kBase;
  options.as_token = "t";
  options.client_api_version = "r0";
  CurlHomeserverClient client(fake, options);
  ASSERT_TRUE(client.Send({"!r:s", "t", "1", "{}", "", {}, ""}).ok());
  EXPECT_EQ(fake.requests().back().url,
            std::string(kBase) + "/_matrix/client/r0/rooms/%21r%3As/send/t/1");
  ASSERT_TRUE(client.UploadMedia({"x", "text/plain", "", "", ""}).ok());
  EXPECT_EQ(fake.requests().back().url, std::string(kBase) + "/_matrix/media/r0/upload");
}

}  // namespace
}  // namespace mxedge::matrix
