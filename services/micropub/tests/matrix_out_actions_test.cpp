#include "matrix_out_actions.hpp"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <memory>

#include "nlohmann/json.hpp"

namespace mxedge::micropub {
namespace {

// A MatrixOut served in process (no sockets) that records requests and answers as scripted.
class ScriptedMatrixOut final : public mxedge::v1::MatrixOut::Service {
 public:
  grpc::Status Send(grpc::ServerContext*, const mxedge::v1::SendRequest* request,
                    mxedge::v1::SendReply* reply) override {
    last_send = *request;
    *reply->mutable_error() = error;
    reply->set_event_id("$sent");
    return grpc::Status::OK;
  }
  grpc::Status Join(grpc::ServerContext*, const mxedge::v1::JoinRequest* request,
                    mxedge::v1::JoinReply* reply) override {
    last_join = *request;
    *reply->mutable_error() = error;
    return grpc::Status::OK;
  }
  grpc::Status CreateRoom(grpc::ServerContext*, const mxedge::v1::CreateRoomRequest* request,
                          mxedge::v1::CreateRoomReply* reply) override {
    last_create = *request;
    reply->set_room_id("!new:hs.test");
    return grpc::Status::OK;
  }
  grpc::Status DownloadMedia(grpc::ServerContext*, const mxedge::v1::DownloadMediaRequest* request,
                             mxedge::v1::DownloadMediaReply* reply) override {
    last_download = *request;
    reply->set_content_type("image/png");
    reply->set_filename("a.png");
    reply->set_data(std::string("\x89PNG", 4));
    return grpc::Status::OK;
  }

  mxedge::v1::MatrixError error;
  mxedge::v1::SendRequest last_send;
  mxedge::v1::JoinRequest last_join;
  mxedge::v1::CreateRoomRequest last_create;
  mxedge::v1::DownloadMediaRequest last_download;
};

class MatrixOutActionsTest : public ::testing::Test {
 protected:
  MatrixOutActionsTest() {
    grpc::ServerBuilder builder;
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    actions_ = std::make_unique<MatrixOutActions>(
        mxedge::v1::MatrixOut::NewStub(server_->InProcessChannel({})), "@micropub:hs.test",
        std::chrono::seconds(5));
  }
  ~MatrixOutActionsTest() override { server_->Shutdown(); }

  ScriptedMatrixOut service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<MatrixOutActions> actions_;
};

TEST_F(MatrixOutActionsTest, NoticeIsAnMNoticeAsTheBotWithTheKey) {
  ASSERT_TRUE(actions_->Notice("!dm:hs.test", "Posted: https://x/1", "mp:$e:1").ok());
  EXPECT_EQ(service_.last_send.as_user(), "@micropub:hs.test");
  EXPECT_EQ(service_.last_send.room_id(), "!dm:hs.test");
  EXPECT_EQ(service_.last_send.event_type(), "m.room.message");
  EXPECT_EQ(service_.last_send.idempotency_key(), "mp:$e:1");
  const nlohmann::json content = nlohmann::json::parse(service_.last_send.content_json());
  EXPECT_EQ(content["msgtype"], "m.notice");
  EXPECT_EQ(content["body"], "Posted: https://x/1");
}

TEST_F(MatrixOutActionsTest, HomeserverRefusalsBecomeStatuses) {
  service_.error.set_errcode("M_LIMIT_EXCEEDED");
  service_.error.set_http_status(429);
  EXPECT_EQ(actions_->Notice("!dm:hs.test", "x", "k").code(), absl::StatusCode::kUnavailable);
  service_.error.set_errcode("M_FORBIDDEN");
  service_.error.set_http_status(403);
  absl::Status join = actions_->Join("!dm:hs.test");
  EXPECT_EQ(join.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(std::string(join.message()).find("M_FORBIDDEN"), std::string::npos);
  EXPECT_EQ(service_.last_join.room_id_or_alias(), "!dm:hs.test");
}

TEST_F(MatrixOutActionsTest, CreatesADirectRoomAndDownloads) {
  absl::StatusOr<std::string> room = actions_->CreateDirectRoom("@alice:hs.test");
  ASSERT_TRUE(room.ok()) << room.status();
  EXPECT_EQ(*room, "!new:hs.test");
  EXPECT_TRUE(service_.last_create.is_direct());
  ASSERT_EQ(service_.last_create.invite_size(), 1);
  EXPECT_EQ(service_.last_create.invite(0), "@alice:hs.test");

  absl::StatusOr<indieweb::MediaFile> file = actions_->Download("mxc://hs.test/a", 1000);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->content_type, "image/png");
  EXPECT_EQ(file->filename, "a.png");
  EXPECT_EQ(file->bytes.size(), 4u);
  EXPECT_EQ(service_.last_download.max_bytes(), 1000);
}

TEST(MatrixErrorToStatusTest, MapsByHttpStatus) {
  mxedge::v1::MatrixError error;
  EXPECT_TRUE(MatrixErrorToStatus(error, "Send").ok());
  error.set_errcode("M_NOT_FOUND");
  error.set_http_status(404);
  EXPECT_EQ(MatrixErrorToStatus(error, "Send").code(), absl::StatusCode::kNotFound);
  error.set_http_status(502);
  EXPECT_EQ(MatrixErrorToStatus(error, "Send").code(), absl::StatusCode::kUnavailable);
  error.set_http_status(400);
  EXPECT_EQ(MatrixErrorToStatus(error, "Send").code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace mxedge::micropub
