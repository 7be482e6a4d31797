// CurlHomeserverClient over real HTTP (CurlHttpClient) against FakeHomeserver on 127.0.0.1.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "mxedge/common/status_mapping.hpp"
#include "mxedge/http/curl_http_client.hpp"
#include "mxedge/matrix/curl_homeserver_client.hpp"
#include "mxedge/testing/fake_homeserver.hpp"

namespace mxedge::matrix {
namespace {

using nlohmann::json;
using ::testing::Contains;

class CurlHomeserverClientIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::FakeHomeserverOptions hs_options;
    hs_options.as_token = "as_secret";
    hs_ = std::make_unique<testing::FakeHomeserver>(hs_options);
    ASSERT_TRUE(hs_->Start().ok());
    CurlHomeserverClientOptions options;
    options.base_url = hs_->base_url();
    options.as_token = "as_secret";
    options.sender_localpart = "bridge";
    options.server_name = "localhost";
    options.rate_limit_max_wait = std::chrono::milliseconds(200);
    options.sleep = [this](std::chrono::milliseconds d) {
      sleeps_.push_back(d);
      std::this_thread::sleep_for(d);
    };
    client_ = std::make_unique<CurlHomeserverClient>(http_, options);
  }

  // A room created by the AS sender with `user` joined.
  std::string RoomWith(const std::string& user) {
    const std::string room = hs_->CreateRoom(hs_->sender());
    absl::StatusOr<std::string> joined = client_->Join({room, user, {}, ""});
    EXPECT_TRUE(joined.ok()) << joined.status();
    return room;
  }

  std::unique_ptr<testing::FakeHomeserver> hs_;
  http::CurlHttpClient http_;
  std::vector<std::chrono::milliseconds> sleeps_;
  std::unique_ptr<CurlHomeserverClient> client_;
};

TEST_F(CurlHomeserverClientIntegrationTest, RegisterTwiceSucceedsBothTimes) {
  ASSERT_TRUE(client_->Register({"irc_alice", "r1"}).ok());
  EXPECT_TRUE(hs_->IsRegistered("@irc_alice:localhost"));
  EXPECT_TRUE(client_->Register({"irc_alice", "r2"}).ok());
  auto requests = hs_->RequestsTo("POST", "/register");
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(http::FindHeader(requests[1].headers, "X-Request-Id"), "r2");
  // Outside the AS namespace the homeserver refuses, and the error keeps its errcode.
  absl::Status outside = client_->Register({"mallory", ""});
  EXPECT_FALSE(outside.ok());
  EXPECT_TRUE(common::MatrixErrcodeOf(outside).has_value());
}

TEST_F(CurlHomeserverClientIntegrationTest, JoinByAliasAndSetProfile) {
  ASSERT_TRUE(client_->Register({"irc_bob", ""}).ok());
  const std::string room = hs_->CreateRoom(hs_->sender(), "irc_libera_#chan");
  absl::StatusOr<ResolvedAlias> alias = client_->ResolveAlias({"#irc_libera_#chan:localhost", ""});
  ASSERT_TRUE(alias.ok()) << alias.status();
  EXPECT_EQ(alias->room_id, room);
  absl::StatusOr<std::string> joined =
      client_->Join({"#irc_libera_#chan:localhost", "@irc_bob:localhost", {"localhost"}, ""});
  ASSERT_TRUE(joined.ok()) << joined.status();
  EXPECT_EQ(*joined, room);
  EXPECT_THAT(hs_->JoinedMembers(room), Contains("@irc_bob:localhost"));

  ASSERT_TRUE(client_->SetDisplayName({"@irc_bob:localhost", "bob (IRC)", ""}).ok());
  EXPECT_EQ(hs_->DisplayName("@irc_bob:localhost"), "bob (IRC)");

  absl::StatusOr<std::vector<JoinedMember>> members =
      client_->GetJoinedMembers({room, "@irc_bob:localhost", ""});
  ASSERT_TRUE(members.ok()) << members.status();
  bool found = false;
  for (const JoinedMember& m : *members) {
    found = found || (m.user_id == "@irc_bob:localhost" && m.display_name == "bob (IRC)");
  }
  EXPECT_TRUE(found);

  ASSERT_TRUE(client_->Leave({room, "@irc_bob:localhost", "", ""}).ok());
  EXPECT_THAT(hs_->JoinedMembers(room), ::testing::Not(Contains("@irc_bob:localhost")));
}

TEST_F(CurlHomeserverClientIntegrationTest, SendIsIdempotentByTxnIdAndKeepsTimestamp) {
  ASSERT_TRUE(client_->Register({"irc_carol", ""}).ok());
  const std::string room = RoomWith("@irc_carol:localhost");
  SendRequest send{room,
                   "m.room.message",
                   "irc-42",
                   R"({"msgtype":"m.text","body":"hi"})",
                   "@irc_carol:localhost",
                   1600000000000,
                   ""};
  absl::StatusOr<std::string> first = client_->Send(send);
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<std::string> again = client_->Send(send);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*first, *again);
  send.txn_id = "irc-43";
  absl::StatusOr<std::string> other = client_->Send(send);
  ASSERT_TRUE(other.ok());
  EXPECT_NE(*other, *first);

  absl::StatusOr<Event> event = client_->GetEvent({room, *first, "@irc_carol:localhost", ""});
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->sender, "@irc_carol:localhost");
  EXPECT_EQ(event->origin_server_ts, 1600000000000);
  EXPECT_EQ(json::parse(event->content)["body"], "hi");
}

TEST_F(CurlHomeserverClientIntegrationTest, SendAsUnregisteredUserIsForbidden) {
  const std::string room = hs_->CreateRoom(hs_->sender());
  absl::StatusOr<std::string> sent =
      client_->Send({room, "m.room.message", "1", "{}", "@irc_ghost:localhost", {}, ""});
  EXPECT_FALSE(sent.ok());
  EXPECT_TRUE(common::MatrixErrcodeOf(sent.status()).has_value());
}

TEST_F(CurlHomeserverClientIntegrationTest, RateLimitIsHonouredThenSucceeds) {
  ASSERT_TRUE(client_->Register({"irc_dave", ""}).ok());
  const std::string room = RoomWith("@irc_dave:localhost");
  testing::InjectedFailure limited;
  limited.status = 429;
  limited.errcode = "M_LIMIT_EXCEEDED";
  limited.retry_after_ms = 30;
  hs_->FailNext("/send/", 2, limited);
  absl::StatusOr<std::string> sent = client_->Send(
      {room, "m.room.message", "t1", R"({"body":"x"})", "@irc_dave:localhost", {}, ""});
  ASSERT_TRUE(sent.ok()) << sent.status();
  EXPECT_EQ(sleeps_, (std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(30),
                                                             std::chrono::milliseconds(30)}));
  EXPECT_EQ(hs_->RequestsTo("PUT", "/send/").size(), 3u);
}

TEST_F(CurlHomeserverClientIntegrationTest, MediaUploadAndDownloadWithLegacyFallback) {
  const std::string bytes("\x89PNG\r\n\x1a\n\0binary", 15);
  absl::StatusOr<std::string> mxc = client_->UploadMedia({bytes, "image/png", "cat.png", "", ""});
  ASSERT_TRUE(mxc.ok()) << mxc.status();

  // The first download finds no authenticated media endpoint and falls back.
  testing::InjectedFailure unknown;
  unknown.status = 404;
  unknown.errcode = "M_UNRECOGNIZED";
  hs_->FailNext("/_matrix/client/v1/media/", 1, unknown);
  absl::StatusOr<Media> media = client_->DownloadMedia({*mxc, 1 << 20, ""});
  ASSERT_TRUE(media.ok()) << media.status();
  EXPECT_EQ(media->bytes, bytes);
  EXPECT_EQ(media->content_type, "image/png");
  EXPECT_EQ(client_->media_api(), CurlHomeserverClient::MediaApi::kLegacy);
  EXPECT_EQ(hs_->RequestsTo("GET", "/_matrix/media/v3/download/").size(), 1u);

  // Later downloads go straight to the legacy path.
  ASSERT_TRUE(client_->DownloadMedia({*mxc, 1 << 20, ""}).ok());
  EXPECT_EQ(hs_->RequestsTo("GET", "/_matrix/client/v1/media/").size(), 1u);
  EXPECT_EQ(hs_->RequestsTo("GET", "/_matrix/media/v3/download/").size(), 2u);
}

TEST_F(CurlHomeserverClientIntegrationTest, AuthenticatedMediaIsPreferredWhenPresent) {
  absl::StatusOr<std::string> mxc = client_->UploadMedia({"text", "text/plain", "", "", ""});
  ASSERT_TRUE(mxc.ok()) << mxc.status();
  absl::StatusOr<Media> media = client_->DownloadMedia({*mxc, 1 << 20, ""});
  ASSERT_TRUE(media.ok()) << media.status();
  EXPECT_EQ(media->bytes, "text");
  EXPECT_EQ(client_->media_api(), CurlHomeserverClient::MediaApi::kAuthenticated);
  EXPECT_TRUE(hs_->RequestsTo("GET", "/_matrix/media/v3/download/").empty());
  absl::StatusOr<Media> missing =
      client_->DownloadMedia({"mxc://localhost/nothing_here", 1 << 20, ""});
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
}

TEST_F(CurlHomeserverClientIntegrationTest, VersionsAndForward) {
  absl::StatusOr<Versions> versions = client_->GetVersions({""});
  ASSERT_TRUE(versions.ok()) << versions.status();
  EXPECT_TRUE(versions->Supports("v1.2"));

  ForwardRequest forward;
  forward.method = "GET";
  forward.path = "/_matrix/client/v3/account/whoami";
  forward.access_token = "as_secret";
  forward.query = {{"user_id", hs_->sender()}};
  absl::StatusOr<ForwardResponse> whoami = client_->Forward(forward);
  ASSERT_TRUE(whoami.ok()) << whoami.status();
  EXPECT_EQ(whoami->status, 200);
  EXPECT_EQ(json::parse(whoami->body)["user_id"], hs_->sender());

  forward.access_token = "wrong";
  absl::StatusOr<ForwardResponse> refused = client_->Forward(forward);
  ASSERT_TRUE(refused.ok()) << refused.status();
  EXPECT_EQ(refused->status, 401);
}

}  // namespace
}  // namespace mxedge::matrix
