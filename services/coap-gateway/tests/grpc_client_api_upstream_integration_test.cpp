// GrpcClientApiUpstream against an in-process ClientApi server on 127.0.0.1.
#include "grpc_client_api_upstream.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "mxedge/common/metrics_registry.hpp"
#include "mxedge/common/status_mapping.hpp"
#include "mxedge/rpc/status_conversion.hpp"
#include "mxedge/testing/free_port.hpp"
#include "mxedge/v1/client_api.grpc.pb.h"

namespace mxedge::coap_gateway {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr char kToken[] = "internal-secret";

// Records what arrived and answers as told: at once (`answer`), or never (`hold`) until the
// call is cancelled or its deadline passes.
class FakeClientApi final : public v1::ClientApi::CallbackService {
 public:
  grpc::ServerUnaryReactor* Call(grpc::CallbackServerContext* context, const v1::HttpCall* call,
                                 v1::HttpResult* result) override {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    {
      std::lock_guard<std::mutex> lock(mu_);
      last_call_ = *call;
      auto auth = context->client_metadata().equal_range("authorization");
      last_authorization_.clear();
      for (auto it = auth.first; it != auth.second; ++it) {
        last_authorization_.assign(it->second.data(), it->second.size());
      }
      auto rid = context->client_metadata().find("x-request-id");
      last_request_id_header_ = rid == context->client_metadata().end()
                                    ? ""
                                    : std::string(rid->second.data(), rid->second.size());
      ++calls_;
    }
    if (hold_) {
      // Finished by ReleaseHeld() after the client went away (cancel or deadline).
      std::lock_guard<std::mutex> lock(mu_);
      held_.push_back(reactor);
      if (held_.size() == 1) {
        held_promise_.set_value();
      }
      return reactor;
    }
    if (!error_.ok()) {
      reactor->Finish(rpc::ToGrpcStatus(error_));
      return reactor;
    }
    *result = answer_;
    result->set_request_id(call->request_id());
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

  void ReleaseHeld() {
    std::lock_guard<std::mutex> lock(mu_);
    for (grpc::ServerUnaryReactor* reactor : held_) {
      reactor->Finish(grpc::Status::CANCELLED);
    }
    held_.clear();
  }

  v1::HttpResult answer_;
  absl::Status error_;
  bool hold_ = false;
  std::promise<void> held_promise_;

  std::mutex mu_;
  v1::HttpCall last_call_;
  std::string last_authorization_;
  std::string last_request_id_header_;
  int calls_ = 0;
  std::vector<grpc::ServerUnaryReactor*> held_;
};

class GrpcClientApiUpstreamTest : public ::testing::Test {
 protected:
  void StartServer() {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_GT(port_, 0);
  }

  void TearDown() override {
    service_.ReleaseHeld();
    if (server_) {
      server_->Shutdown(std::chrono::system_clock::now() + milliseconds(200));
    }
  }

  std::unique_ptr<GrpcClientApiUpstream> MakeUpstream(const std::string& target) {
    GrpcClientApiUpstreamOptions options;
    options.target = target;
    options.internal_token = kToken;
    return GrpcClientApiUpstream::Create(options, &registry_);
  }

  // Runs one call and waits (bounded) for its callback.
  absl::StatusOr<v1::HttpResult> CallAndWait(ClientApiUpstream& upstream, v1::HttpCall call,
                                             milliseconds deadline) {
    auto promise = std::make_shared<std::promise<absl::StatusOr<v1::HttpResult>>>();
    std::future<absl::StatusOr<v1::HttpResult>> future = promise->get_future();
    upstream.Call(std::move(call), deadline, [promise](absl::StatusOr<v1::HttpResult> r) {
      promise->set_value(std::move(r));
    });
    if (future.wait_for(seconds(20)) != std::future_status::ready) {
      return absl::InternalError("callback never ran");
    }
    return future.get();
  }

  static v1::HttpCall SendCall() {
    v1::HttpCall call;
    call.set_request_id("req-1");
    call.set_method(v1::HTTP_METHOD_PUT);
    call.set_path("/_matrix/client/v3/rooms/%21a%3Ax/send/m.room.message/1");
    call.set_access_token("user-token");
    call.set_body(R"({"msgtype":"m.text","body":"hi"})");
    call.set_content_type("application/json");
    v1::QueryParam* q = call.add_query();
    q->set_key("k");
    q->set_value("v");
    return call;
  }

  FakeClientApi service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  common::MetricsRegistry registry_;
};

TEST_F(GrpcClientApiUpstreamTest, ForwardsCallWithTokenAndRequestIdAndReturnsResult) {
  service_.answer_.set_status(200);
  service_.answer_.set_content_type("application/json");
  service_.answer_.set_body(R"({"event_id":"$e"})");
  StartServer();
  auto upstream = MakeUpstream("127.0.0.1:" + std::to_string(port_));

  absl::StatusOr<v1::HttpResult> result = CallAndWait(*upstream, SendCall(), seconds(5));

  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->status(), 200);
  EXPECT_EQ(result->body(), R"({"event_id":"$e"})");
  EXPECT_EQ(result->request_id(), "req-1");
  std::lock_guard<std::mutex> lock(service_.mu_);
  EXPECT_EQ(service_.last_authorization_, std::string("Bearer ") + kToken);
  EXPECT_EQ(service_.last_request_id_header_, "req-1");
  EXPECT_EQ(service_.last_call_.path(), SendCall().path());
  EXPECT_EQ(service_.last_call_.access_token(), "user-token");
  EXPECT_EQ(service_.last_call_.body(), SendCall().body());
  ASSERT_EQ(service_.last_call_.query_size(), 1);
  EXPECT_EQ(service_.last_call_.query(0).key(), "k");
  EXPECT_NE(registry_.RenderText().find("mxedge_coap_gateway_router_calls_total{outcome=\"ok\"} 1"),
            std::string::npos)
      << registry_.RenderText();
}

TEST_F(GrpcClientApiUpstreamTest, HomeserverErrorStatusIsAnOkResult) {
  service_.answer_.set_status(429);
  service_.answer_.set_body(R"({"errcode":"M_LIMIT_EXCEEDED"})");
  service_.answer_.set_retry_after_ms(1500);
  StartServer();
  auto upstream = MakeUpstream("127.0.0.1:" + std::to_string(port_));

  absl::StatusOr<v1::HttpResult> result = CallAndWait(*upstream, SendCall(), seconds(5));

  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->status(), 429);
  EXPECT_EQ(result->retry_after_ms(), 1500);
}

TEST_F(GrpcClientApiUpstreamTest, MissingRequestIdGetsOneInBothFieldAndMetadata) {
  service_.answer_.set_status(200);
  StartServer();
  auto upstream = MakeUpstream("127.0.0.1:" + std::to_string(port_));
  v1::HttpCall call = SendCall();
  call.clear_request_id();

  absl::StatusOr<v1::HttpResult> result = CallAndWait(*upstream, call, seconds(5));

  ASSERT_TRUE(result.ok()) << result.status();
  std::lock_guard<std::mutex> lock(service_.mu_);
  EXPECT_EQ(service_.last_call_.request_id().size(), 16u);
  EXPECT_EQ(service_.last_request_id_header_, service_.last_call_.request_id());
}

TEST_F(GrpcClientApiUpstreamTest, RouterErrorKeepsCodeAndErrcode) {
  service_.error_ =
      common::WithMatrixErrcode(absl::PermissionDeniedError("path not allowed"), "M_FORBIDDEN");
  StartServer();
  auto upstream = MakeUpstream("127.0.0.1:" + std::to_string(port_));

  absl::StatusOr<v1::HttpResult> result = CallAndWait(*upstream, SendCall(), seconds(5));

  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(common::MatrixErrcodeOf(result.status()), "M_FORBIDDEN");
}

TEST_F(GrpcClientApiUpstreamTest, UnreachableRouterIsUnavailable) {
  absl::StatusOr<int> port = testing::FreeLoopbackPort();
  ASSERT_TRUE(port.ok());
  auto upstream = MakeUpstream("127.0.0.1:" + std::to_string(*port));

  absl::StatusOr<v1::HttpResult> result = CallAndWait(*upstream, SendCall(), seconds(5));

  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kUnavailable) << result.status();
}

TEST_F(GrpcClientApiUpstreamTest, SlowRouterHitsTheDeadline) {
  service_.hold_ = true;
  StartServer();
  auto upstream = MakeUpstream("127.0.0.1:" + std::to_string(port_));

  absl::StatusOr<v1::HttpResult> result = CallAndWait(*upstream, SendCall(), milliseconds(200));

  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kDeadlineExceeded) << result.status();
}

TEST_F(GrpcClientApiUpstreamTest, CancelEndsTheCallWithCancelled) {
  service_.hold_ = true;
  std::future<void> held = service_.held_promise_.get_future();
  StartServer();
  auto upstream = MakeUpstream("127.0.0.1:" + std::to_string(port_));
  auto promise = std::make_shared<std::promise<absl::StatusOr<v1::HttpResult>>>();
  std::future<absl::StatusOr<v1::HttpResult>> future = promise->get_future();

  std::shared_ptr<UpstreamCall> call = upstream->Call(
      SendCall(), seconds(30),
      [promise](absl::StatusOr<v1::HttpResult> r) { promise->set_value(std::move(r)); });
  ASSERT_EQ(held.wait_for(seconds(10)), std::future_status::ready);
  call->Cancel();

  ASSERT_EQ(future.wait_for(seconds(10)), std::future_status::ready);
  absl::StatusOr<v1::HttpResult> result = future.get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kCancelled);
  call->Cancel();  // after completion: harmless
  EXPECT_TRUE(upstream->WaitForIdle(seconds(5)));
}

TEST_F(GrpcClientApiUpstreamTest, CancelAllEndsEveryCallAndWaitForIdleSeesThem) {
  service_.hold_ = true;
  std::future<void> held = service_.held_promise_.get_future();
  StartServer();
  auto upstream = MakeUpstream("127.0.0.1:" + std::to_string(port_));
  std::atomic<int> cancelled{0};
  for (int i = 0; i < 3; ++i) {
    upstream->Call(SendCall(), seconds(30), [&cancelled](absl::StatusOr<v1::HttpResult> r) {
      if (r.status().code() == absl::StatusCode::kCancelled) {
        ++cancelled;
      }
    });
  }
  ASSERT_EQ(held.wait_for(seconds(10)), std::future_status::ready);
  EXPECT_EQ(upstream->in_flight(), 3u);
  EXPECT_FALSE(upstream->WaitForIdle(milliseconds(10)));

  upstream->CancelAll();

  EXPECT_TRUE(upstream->WaitForIdle(seconds(10)));
  EXPECT_EQ(cancelled.load(), 3);
  EXPECT_EQ(upstream->in_flight(), 0u);
}

}  // namespace
}  // namespace mxedge::coap_gateway
