#include "grpc_room_state.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <nlohmann/json.hpp>

#include "mxedge/rpc/bearer_token.hpp"
#include "support/matrix_out_server_test.hpp"

namespace mxedge::irc_worker {
namespace {

using namespace std::chrono_literals;

// A MatrixOut holding state in a map: GetState answers M_NOT_FOUND for absent state, SetState
// stores; `next_error` refuses the next call.
class StateMatrixOut final : public v1::MatrixOut::Service {
 public:
  grpc::Status GetState(grpc::ServerContext* context, const v1::GetStateRequest* request,
                        v1::GetStateReply* reply) override {
    if (grpc::Status s = verifier_.CheckGrpc(*context); !s.ok()) {
      return s;
    }
    std::lock_guard<std::mutex> lock(mu_);
    gets.push_back(*request);
    reply->set_request_id(request->request_id());
    if (!next_error.errcode().empty()) {
      *reply->mutable_error() = std::exchange(next_error, {});
      return grpc::Status::OK;
    }
    auto it = state.find(Key(request->room_id(), request->event_type(), request->state_key()));
    if (it == state.end()) {
      reply->mutable_error()->set_errcode("M_NOT_FOUND");
      reply->mutable_error()->set_http_status(404);
    } else {
      reply->set_content_json(it->second);
    }
    return grpc::Status::OK;
  }
  grpc::Status SetState(grpc::ServerContext* context, const v1::SetStateRequest* request,
                        v1::SetStateReply* reply) override {
    if (grpc::Status s = verifier_.CheckGrpc(*context); !s.ok()) {
      return s;
    }
    std::lock_guard<std::mutex> lock(mu_);
    sets.push_back(*request);
    reply->set_request_id(request->request_id());
    if (!next_error.errcode().empty()) {
      *reply->mutable_error() = std::exchange(next_error, {});
      return grpc::Status::OK;
    }
    state[Key(request->room_id(), request->event_type(), request->state_key())] =
        request->content_json();
    reply->set_event_id("$state");
    return grpc::Status::OK;
  }

  static std::string Key(const std::string& room, const std::string& type,
                         const std::string& state_key) {
    return room + "|" + type + "|" + state_key;
  }

  std::map<std::string, std::string> state;
  std::vector<v1::GetStateRequest> gets;
  std::vector<v1::SetStateRequest> sets;
  v1::MatrixError next_error;

 private:
  rpc::BearerTokenVerifier verifier_{"token"};
  std::mutex mu_;
};

using GrpcRoomStateTest = MatrixOutServerTest<StateMatrixOut>;

const StateKey kLevels{"!room:example.org", "m.room.power_levels", ""};

TEST_F(GrpcRoomStateTest, WritesThenReadsBackAsTheUser) {
  GrpcRoomState state(channel_, "token", 5s);
  absl::StatusOr<std::string> id =
      state.SetState("@irc_bot:example.org", kLevels, R"({"users":{"@a:example.org":50}})");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(*id, "$state");
  ASSERT_EQ(service_.sets.size(), 1u);
  EXPECT_EQ(service_.sets[0].as_user(), "@irc_bot:example.org");
  EXPECT_EQ(service_.sets[0].event_type(), "m.room.power_levels");
  EXPECT_FALSE(service_.sets[0].request_id().empty());

  absl::StatusOr<std::string> read = state.GetState("@irc_bot:example.org", kLevels);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(nlohmann::json::parse(*read)["users"]["@a:example.org"], 50);
  ASSERT_EQ(service_.gets.size(), 1u);
  EXPECT_EQ(service_.gets[0].room_id(), "!room:example.org");
  EXPECT_EQ(service_.gets[0].as_user(), "@irc_bot:example.org");
}

TEST_F(GrpcRoomStateTest, AbsentStateIsNotFound) {
  GrpcRoomState state(channel_, "token", 5s);
  EXPECT_EQ(state.GetState("", {"!room:example.org", "m.room.topic", ""}).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(GrpcRoomStateTest, RefusalsAndTransportErrorsKeepTheirMeaning) {
  GrpcRoomState state(channel_, "token", 5s);
  service_.next_error.set_errcode("M_FORBIDDEN");
  service_.next_error.set_http_status(403);
  absl::StatusOr<std::string> refused = state.SetState("", kLevels, "{}");
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("M_FORBIDDEN"), absl::string_view::npos);

  service_.next_error.set_errcode("M_LIMIT_EXCEEDED");
  service_.next_error.set_http_status(429);
  EXPECT_EQ(state.GetState("", kLevels).status().code(), absl::StatusCode::kUnavailable);

  GrpcRoomState wrong_token(channel_, "other", 5s);
  EXPECT_EQ(wrong_token.GetState("", kLevels).status().code(), absl::StatusCode::kUnauthenticated);
}

}  // namespace
}  // namespace mxedge::irc_worker
