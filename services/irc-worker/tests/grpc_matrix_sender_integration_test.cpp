#include "grpc_matrix_sender.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>
#include <nlohmann/json.hpp>

#include "mxedge/rpc/bearer_token.hpp"
#include "support/matrix_out_server_test.hpp"

namespace mxedge::irc_worker {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

// A MatrixOut that records Send calls and answers with `next_error`.
class FakeMatrixOut final : public v1::MatrixOut::Service {
 public:
  grpc::Status Send(grpc::ServerContext* context, const v1::SendRequest* request,
                    v1::SendReply* reply) override {
    if (grpc::Status s = verifier_.CheckGrpc(*context); !s.ok()) {
      return s;
    }
    std::lock_guard<std::mutex> lock(mu_);
    requests.push_back(*request);
    reply->set_request_id(request->request_id());
    if (next_error.errcode().empty()) {
      reply->set_event_id("$sent");
    } else {
      *reply->mutable_error() = next_error;
    }
    return grpc::Status::OK;
  }

  std::vector<v1::SendRequest> requests;
  v1::MatrixError next_error;

 private:
  rpc::BearerTokenVerifier verifier_{"token"};
  std::mutex mu_;
};

using GrpcMatrixSenderTest = MatrixOutServerTest<FakeMatrixOut>;

GhostMessage Message() {
  return {.room_id = "!room:example.org",
          .ghost_mxid = "@irc_local_bob:example.org",
          .msgtype = "m.text",
          .body = "hello",
          .idempotency_key = "irc:local:h:abc"};
}

TEST_F(GrpcMatrixSenderTest, SendsAsTheGhostWithTheIdempotencyKey) {
  GrpcMatrixSender sender(channel_, "token", 5s);
  ASSERT_TRUE(sender.Send(Message()).ok());
  ASSERT_EQ(service_.requests.size(), 1u);
  const v1::SendRequest& r = service_.requests[0];
  EXPECT_EQ(r.as_user(), "@irc_local_bob:example.org");
  EXPECT_EQ(r.room_id(), "!room:example.org");
  EXPECT_EQ(r.event_type(), "m.room.message");
  EXPECT_EQ(r.idempotency_key(), "irc:local:h:abc");
  EXPECT_EQ(
      nlohmann::json::parse(r.content_json()),
      (nlohmann::json{
          {"msgtype", "m.text"}, {"body", "hello"}, {"m.mentions", nlohmann::json::object()}}));
  EXPECT_FALSE(r.request_id().empty());
}

TEST_F(GrpcMatrixSenderTest, SendsFormattingAndMentions) {
  GrpcMatrixSender sender(channel_, "token", 5s);
  GhostMessage message = Message();
  message.msgtype = "m.notice";
  message.body = "hi alice";
  message.formatted_body = "hi <a href=\"https://matrix.to/#/@alice:example.org\">alice</a>";
  message.mentions = {"@alice:example.org"};
  ASSERT_TRUE(sender.Send(message).ok());
  ASSERT_EQ(service_.requests.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(service_.requests[0].content_json()),
            (nlohmann::json{{"msgtype", "m.notice"},
                            {"body", "hi alice"},
                            {"format", "org.matrix.custom.html"},
                            {"formatted_body", message.formatted_body},
                            {"m.mentions", {{"user_ids", {"@alice:example.org"}}}}}));
}

TEST_F(GrpcMatrixSenderTest, MapsHomeserverRefusals) {
  GrpcMatrixSender sender(channel_, "token", 5s);
  service_.next_error.set_errcode("M_LIMIT_EXCEEDED");
  service_.next_error.set_http_status(429);
  EXPECT_EQ(sender.Send(Message()).code(), absl::StatusCode::kUnavailable);
  service_.next_error.set_errcode("M_FORBIDDEN");
  service_.next_error.set_http_status(403);
  absl::Status forbidden = sender.Send(Message());
  EXPECT_EQ(forbidden.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(forbidden.message()), HasSubstr("M_FORBIDDEN"));
}

TEST_F(GrpcMatrixSenderTest, AWrongTokenOrADeadRouterIsAnError) {
  EXPECT_EQ(GrpcMatrixSender(channel_, "wrong", 5s).Send(Message()).code(),
            absl::StatusCode::kUnauthenticated);
  server_->Shutdown(1s);
  absl::Status down = GrpcMatrixSender(channel_, "token", 2s).Send(Message());
  EXPECT_TRUE(down.code() == absl::StatusCode::kUnavailable ||
              down.code() == absl::StatusCode::kDeadlineExceeded)
      << down;
}

}  // namespace
}  // namespace mxedge::irc_worker
