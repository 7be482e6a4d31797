// A real in-process gRPC server on 127.0.0.1:0 and a real channel: token, status details,
// deadlines, health service, shutdown.
#include "mxedge/rpc/rpc_server.hpp"

#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <vector>

#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "mxedge/common/status_mapping.hpp"
#include "mxedge/rpc/bearer_token.hpp"
#include "mxedge/rpc/call_context.hpp"
#include "mxedge/rpc/channel_factory.hpp"
#include "mxedge/rpc/status_conversion.hpp"
#include "mxedge/v1/client_api.grpc.pb.h"

namespace mxedge::rpc {
namespace {

using std::chrono::milliseconds;

constexpr char kToken[] = "internal-test-token";

// Echoes the path; "/limited" answers RESOURCE_EXHAUSTED with an errcode and a retry hint, and
// echoes the request id metadata into the result's request_id.
class TestClientApi final : public v1::ClientApi::CallbackService {
 public:
  grpc::ServerUnaryReactor* Call(grpc::CallbackServerContext* context, const v1::HttpCall* call,
                                 v1::HttpResult* result) override {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    if (grpc::Status auth = verifier_.CheckGrpc(*context); !auth.ok()) {
      reactor->Finish(auth);
      return reactor;
    }
    if (call->path() == "/hold") {
      std::lock_guard<std::mutex> lock(mu_);
      held_.push_back(reactor);
      return reactor;
    }
    if (call->path() == "/limited") {
      reactor->Finish(ToGrpcStatus(common::WithRetryAfter(
          common::WithMatrixErrcode(absl::ResourceExhaustedError("limited"), "M_LIMIT_EXCEEDED"),
          milliseconds(1500))));
      return reactor;
    }
    auto it = context->client_metadata().find("x-request-id");
    if (it != context->client_metadata().end()) {
      result->set_request_id(std::string(it->second.data(), it->second.size()));
    }
    result->set_status(200);
    result->set_body(call->path());
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

  // Finishes every call parked on "/hold".
  void ReleaseHeld() {
    std::lock_guard<std::mutex> lock(mu_);
    for (grpc::ServerUnaryReactor* reactor : held_) {
      reactor->Finish(grpc::Status::OK);
    }
    held_.clear();
  }

 private:
  BearerTokenVerifier verifier_{kToken};
  std::mutex mu_;
  std::vector<grpc::ServerUnaryReactor*> held_;
};

class RpcServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = RpcServer::Start({.listen_address = "127.0.0.1:0", .name = "test"}, {&service_});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    channel_ = CreateChannel({.target = server_->address()});
    stub_ = v1::ClientApi::NewStub(channel_);
  }

  grpc::Status Call(const std::string& path, const CallOptions& options, v1::HttpResult& result) {
    grpc::ClientContext context;
    PrepareCallContext(context, options);
    v1::HttpCall call;
    call.set_path(path);
    return stub_->Call(&context, call, &result);
  }

  TestClientApi service_;
  std::unique_ptr<RpcServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::ClientApi::Stub> stub_;
};

TEST_F(RpcServerTest, BindsAnEphemeralPort) {
  EXPECT_GT(server_->port(), 0);
  EXPECT_EQ(server_->address(), "127.0.0.1:" + std::to_string(server_->port()));
}

TEST_F(RpcServerTest, AcceptsTheInternalTokenAndForwardsRequestId) {
  v1::HttpResult result;
  grpc::Status status = Call("/ok", {.bearer_token = kToken, .request_id = "req-1"}, result);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(result.body(), "/ok");
  EXPECT_EQ(result.request_id(), "req-1");
}

TEST_F(RpcServerTest, RejectsMissingAndWrongTokens) {
  v1::HttpResult result;
  EXPECT_EQ(Call("/ok", {}, result).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Call("/ok", {.bearer_token = "wrong"}, result).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(RpcServerTest, ErrcodeAndRetryHintCrossTheWire) {
  v1::HttpResult result;
  grpc::Status wire = Call("/limited", {.bearer_token = kToken}, result);
  absl::Status status = FromGrpcStatus(wire);
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(common::MatrixErrcodeOf(status).value_or(""), "M_LIMIT_EXCEEDED");
  EXPECT_EQ(common::RetryAfterOf(status).value_or(milliseconds(0)), milliseconds(1500));
}

TEST_F(RpcServerTest, CallsEndAtTheirDeadline) {
  v1::HttpResult result;
  grpc::Status status =
      Call("/hold", {.bearer_token = kToken, .deadline = milliseconds(200)}, result);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  service_.ReleaseHeld();
}

TEST_F(RpcServerTest, HealthServiceReportsServing) {
  grpc::GenericStub generic(channel_);
  grpc::ClientContext context;
  SetDeadlineFromNow(context, milliseconds(5000));
  grpc::Slice empty("");  // HealthCheckRequest{service: ""} is the empty message.
  grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  generic.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request,
                    &response, [&done](grpc::Status s) { done.set_value(std::move(s)); });
  grpc::Status status = done.get_future().get();
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(response.Dump(&slices).ok());
  std::string bytes;
  for (const auto& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  EXPECT_EQ(bytes, std::string("\x08\x01", 2));  // status: SERVING
}

TEST_F(RpcServerTest, ShutdownIsIdempotentAndStopsServing) {
  server_->Shutdown(milliseconds(500));
  server_->Shutdown(milliseconds(500));
  v1::HttpResult result;
  grpc::Status status =
      Call("/ok", {.bearer_token = kToken, .deadline = milliseconds(2000)}, result);
  EXPECT_FALSE(status.ok());
}

TEST(RpcServerStartTest, RejectsEmptyAndUnbindableAddresses) {
  TestClientApi service;
  EXPECT_EQ(RpcServer::Start({.listen_address = ""}, {&service}).status().code(),
            absl::StatusCode::kInvalidArgument);
  auto first = RpcServer::Start({.listen_address = "127.0.0.1:0"}, {&service});
  ASSERT_TRUE(first.ok());
  TestClientApi other;
  auto second = RpcServer::Start(
      {.listen_address = "127.0.0.1:" + std::to_string((*first)->port())}, {&other});
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace mxedge::rpc
