// The irc-worker binary's rooms side, against a real redis-server and an in-process MatrixOut on
// loopback: an alias query creates the portal room through MatrixOut and records it where the
// router looks; a direct-chat invite of the bridge bot opens the admin room.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "mxedge/http/curl_http_client.hpp"
#include "mxedge/redis/commands.hpp"
#include "mxedge/redis/hiredis_client.hpp"
#include "mxedge/rpc/bearer_token.hpp"
#include "mxedge/rpc/channel_factory.hpp"
#include "mxedge/rpc/rpc_server.hpp"
#include "mxedge/testing/free_port.hpp"
#include "mxedge/testing/redis_server.hpp"
#include "mxedge/testing/subprocess.hpp"
#include "mxedge/testing/temp_dir.hpp"
#include "mxedge/v1/matrix_out.grpc.pb.h"
#include "mxedge/v1/sink.grpc.pb.h"

namespace mxedge::irc_worker {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

constexpr char kToken[] = "rooms-test-token";

// Records CreateRoom, Join and Send; rooms are "!portal<n>:hs".
class RecordingMatrixOut final : public v1::MatrixOut::Service {
 public:
  grpc::Status CreateRoom(grpc::ServerContext* context, const v1::CreateRoomRequest* request,
                          v1::CreateRoomReply* reply) override {
    if (grpc::Status s = verifier_.CheckGrpc(*context); !s.ok()) {
      return s;
    }
    std::lock_guard lock(mu);
    created.push_back(*request);
    reply->set_room_id(absl::StrCat("!portal", created.size(), ":hs"));
    return grpc::Status::OK;
  }
  grpc::Status Join(grpc::ServerContext* context, const v1::JoinRequest* request,
                    v1::JoinReply* reply) override {
    if (grpc::Status s = verifier_.CheckGrpc(*context); !s.ok()) {
      return s;
    }
    std::lock_guard lock(mu);
    joins.push_back(*request);
    reply->set_room_id(request->room_id_or_alias());
    return grpc::Status::OK;
  }
  grpc::Status Send(grpc::ServerContext* context, const v1::SendRequest* request,
                    v1::SendReply* reply) override {
    if (grpc::Status s = verifier_.CheckGrpc(*context); !s.ok()) {
      return s;
    }
    std::lock_guard lock(mu);
    sent.push_back(*request);
    reply->set_event_id("$sent");
    return grpc::Status::OK;
  }

  std::mutex mu;
  std::vector<v1::CreateRoomRequest> created;
  std::vector<v1::JoinRequest> joins;
  std::vector<v1::SendRequest> sent;

 private:
  rpc::BearerTokenVerifier verifier_{kToken};
};

TEST(AppRoomsIntegrationTest, AliasQueryCreatesThePortalAndAnInviteOpensTheAdminRoom) {
  absl::StatusOr<std::unique_ptr<mxedge::testing::RedisServer>> redis_server =
      mxedge::testing::RedisServer::Start();
  ASSERT_TRUE(redis_server.ok()) << redis_server.status();
  RecordingMatrixOut matrix_out;
  absl::StatusOr<std::unique_ptr<rpc::RpcServer>> matrix_out_server =
      rpc::RpcServer::Start({.listen_address = "127.0.0.1:0", .name = "matrix-out"}, {&matrix_out});
  ASSERT_TRUE(matrix_out_server.ok()) << matrix_out_server.status();
  absl::StatusOr<mxedge::testing::TempDir> dir =
      mxedge::testing::TempDir::Create("irc-worker-rooms");
  ASSERT_TRUE(dir.ok()) << dir.status();
  absl::StatusOr<int> admin_port = mxedge::testing::FreeLoopbackPort();
  absl::StatusOr<int> grpc_port = mxedge::testing::FreeLoopbackPort();
  absl::StatusOr<int> irc_port = mxedge::testing::FreeLoopbackPort();
  ASSERT_TRUE(admin_port.ok() && grpc_port.ok() && irc_port.ok());

  std::string config = absl::StrCat(
      "worker:\n  id: rooms-worker\n  threads: 1\n", "grpc:\n  listen: 127.0.0.1:", *grpc_port,
      "\n", "admin:\n  listen_address: 127.0.0.1\n  port: ", *admin_port, "\n",
      "redis:\n  url: ", (*redis_server)->url(), "\n  key_prefix: \"roomstest:\"\n",
      "router:\n  matrix_out_address: ", (*matrix_out_server)->address(), "\n",
      "homeserver:\n  server_name: hs\n", "drain:\n  timeout: 2s\n",
      "networks:\n  - id: local\n    host: 127.0.0.1\n    port: ", *irc_port, "\n");
  std::string config_path = dir->File("config.yaml");
  ASSERT_TRUE(mxedge::testing::WriteFile(config_path, config).ok());
  ASSERT_EQ(setenv("MXEDGE_GRPC_INTERNAL_TOKEN", kToken, 1), 0);
  absl::StatusOr<std::unique_ptr<mxedge::testing::Subprocess>> worker =
      mxedge::testing::Subprocess::Start({.argv = {MXEDGE_IRC_WORKER_BIN, "--config", config_path},
                                          .log_path = dir->File("worker.log"),
                                          .working_dir = ""});
  unsetenv("MXEDGE_GRPC_INTERNAL_TOKEN");
  ASSERT_TRUE(worker.ok()) << worker.status();
  http::CurlHttpClient http;
  const std::string readyz = absl::StrCat("http://127.0.0.1:", *admin_port, "/readyz");
  absl::Status ready = mxedge::testing::WaitUntilReady(**worker, 30s, [&]() -> absl::Status {
    absl::StatusOr<http::Response> response = http.Send({.url = readyz, .timeout = 2s});
    if (!response.ok()) {
      return response.status();
    }
    return response->status == 200 ? absl::OkStatus() : absl::UnavailableError("not ready");
  });
  ASSERT_TRUE(ready.ok()) << ready << "\n" << (*worker)->LogTail();

  std::unique_ptr<v1::EventSink::Stub> sink = v1::EventSink::NewStub(
      rpc::CreateChannel({.target = absl::StrCat("127.0.0.1:", *grpc_port)}));
  // The alias query: the room is created as the bridge bot and recorded for the router.
  {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + 10s);
    rpc::AttachBearerToken(context, kToken);
    v1::QueryAliasRequest request;
    request.set_request_id("q1");
    request.set_alias("#irc_local_#Python:hs");
    v1::QueryAliasReply reply;
    grpc::Status status = sink->QueryAlias(&context, request, &reply);
    ASSERT_TRUE(status.ok()) << status.error_message() << "\n" << (*worker)->LogTail();
    EXPECT_TRUE(reply.exists());
    EXPECT_EQ(reply.room_id(), "!portal1:hs");
  }
  {
    std::lock_guard lock(matrix_out.mu);
    ASSERT_EQ(matrix_out.created.size(), 1u);
    EXPECT_EQ(matrix_out.created[0].as_user(), "@irc_local:hs");
    EXPECT_EQ(matrix_out.created[0].alias_localpart(), "irc_local_#python");
    EXPECT_EQ(matrix_out.created[0].initial_state_size(), 2);
  }
  absl::StatusOr<std::unique_ptr<redis::HiredisClient>> redis =
      redis::HiredisClient::Create({.url = (*redis_server)->url()});
  ASSERT_TRUE(redis.ok()) << redis.status();
  EXPECT_EQ(redis::HGet(**redis, "roomstest:irc:room:!portal1:hs", "network").value(),
            std::optional<std::string>("local"));

  // A direct-chat invite of the bot, as the router delivers it.
  {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + 10s);
    rpc::AttachBearerToken(context, kToken);
    v1::DeliverRequest request;
    request.set_request_id("d1");
    request.set_room_id("!dm:hs");
    request.set_routing_key("local:@alice:hs");
    request.set_worker_id("rooms-worker");
    v1::MatrixEvent* invite = request.add_events();
    invite->set_event_id("$invite");
    invite->set_room_id("!dm:hs");
    invite->set_sender("@alice:hs");
    invite->set_type("m.room.member");
    invite->set_state_key("@irc_local:hs");
    invite->set_content_json(R"({"membership":"invite","is_direct":true})");
    v1::DeliverReply reply;
    grpc::Status status = sink->Deliver(&context, request, &reply);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(reply.outcomes_size(), 1) << (*worker)->LogTail();
    EXPECT_EQ(reply.outcomes(0).outcome(), v1::DELIVERY_OUTCOME_DONE) << reply.outcomes(0).reason();
  }
  EXPECT_EQ(redis::Get(**redis, "roomstest:irc:admin:local:@alice:hs").value(),
            std::optional<std::string>("!dm:hs"));
  {
    std::lock_guard lock(matrix_out.mu);
    ASSERT_EQ(matrix_out.joins.size(), 1u);
    EXPECT_EQ(matrix_out.joins[0].as_user(), "@irc_local:hs");
    ASSERT_EQ(matrix_out.sent.size(), 1u);
    EXPECT_EQ(matrix_out.sent[0].room_id(), "!dm:hs");
    EXPECT_THAT(matrix_out.sent[0].content_json(), HasSubstr("admin room for local"));
  }
  ASSERT_TRUE((*worker)->Terminate(10s).ok()) << (*worker)->LogTail();
  (*matrix_out_server)->Shutdown(1s);
}

}  // namespace
}  // namespace mxedge::irc_worker
