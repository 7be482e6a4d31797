// GrpcServers: two servers on two ports, each with its own service and the health service.
#include <gtest/gtest.h>

#include <future>

#include "grpc_router_fixture.hpp"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"

namespace mxedge::appservice_router {
namespace {

class GrpcServersIntegrationTest : public GrpcRouterFixture {
 protected:
  // grpc.health.v1.Health/Check on `port`: the raw reply bytes, or the error.
  static grpc::Status HealthCheck(int port, std::string& reply_bytes) {
    grpc::GenericStub stub(rpc::CreateChannel({.target = "127.0.0.1:" + std::to_string(port)}));
    grpc::ClientContext context;
    rpc::SetDeadlineFromNow(context, std::chrono::seconds(10));
    grpc::Slice empty("");
    grpc::ByteBuffer request(&empty, 1);
    grpc::ByteBuffer response;
    std::promise<grpc::Status> done;
    stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request,
                   &response, [&done](grpc::Status s) { done.set_value(std::move(s)); });
    grpc::Status status = done.get_future().get();
    std::vector<grpc::Slice> slices;
    if (status.ok() && response.Dump(&slices).ok()) {
      for (const auto& slice : slices) {
        reply_bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
      }
    }
    return status;
  }
};

TEST_F(GrpcServersIntegrationTest, BothServersReportServing) {
  for (int port : {servers_->client_api_port(), servers_->matrix_out_port()}) {
    std::string bytes;
    ASSERT_TRUE(HealthCheck(port, bytes).ok()) << port;
    EXPECT_EQ(bytes, std::string("\x08\x01", 2)) << port;  // SERVING
  }
}

TEST_F(GrpcServersIntegrationTest, EachPortServesOnlyItsOwnService) {
  auto wrong_port_client = v1::ClientApi::NewStub(
      rpc::CreateChannel({.target = "127.0.0.1:" + std::to_string(servers_->matrix_out_port())}));
  grpc::ClientContext c1;
  Prepare(c1);
  v1::HttpCall call;
  v1::HttpResult result;
  EXPECT_EQ(wrong_port_client->Call(&c1, call, &result).error_code(),
            grpc::StatusCode::UNIMPLEMENTED);

  auto wrong_port_sink = v1::MatrixOut::NewStub(
      rpc::CreateChannel({.target = "127.0.0.1:" + std::to_string(servers_->client_api_port())}));
  grpc::ClientContext c2;
  Prepare(c2);
  v1::SendReply reply;
  EXPECT_EQ(wrong_port_sink->Send(&c2, v1::SendRequest(), &reply).error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
}

TEST_F(GrpcServersIntegrationTest, StartFailsWhenAPortIsTaken) {
  GrpcServersOptions options;
  options.client_api_listen = "127.0.0.1:0";
  options.matrix_out_listen = "127.0.0.1:" + std::to_string(servers_->matrix_out_port());
  options.client_api.internal_token = kInternalToken;
  options.matrix_out.internal_token = kInternalToken;
  options.matrix_out.server_name = homeserver_.options().server_name;
  options.matrix_out.bot_user_id = homeserver_.sender();
  common::MetricsRegistry metrics;
  GrpcServers second(options, *homeserver_client_, nullptr, metrics);
  absl::Status started = second.Start();
  EXPECT_EQ(started.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(started.message().find("matrix_out"), absl::string_view::npos);
  EXPECT_EQ(second.client_api_port(), 0);
  EXPECT_EQ(second.matrix_out_port(), 0);
}

TEST_F(GrpcServersIntegrationTest, StartRefusesAnEmptyInternalToken) {
  GrpcServersOptions options;
  options.client_api_listen = "127.0.0.1:0";
  options.matrix_out_listen = "127.0.0.1:0";
  options.matrix_out.internal_token = kInternalToken;
  common::MetricsRegistry metrics;
  GrpcServers servers(options, *homeserver_client_, nullptr, metrics);
  EXPECT_EQ(servers.Start().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(servers.client_api_port(), 0);
}

TEST_F(GrpcServersIntegrationTest, StopIsIdempotentAndRefusesLaterCalls) {
  const int port = servers_->matrix_out_port();
  servers_->Stop(std::chrono::milliseconds(500));
  servers_->Stop(std::chrono::milliseconds(500));
  std::string bytes;
  EXPECT_FALSE(HealthCheck(port, bytes).ok());
}

TEST_F(GrpcServersIntegrationTest, MediaLinkWithoutASignerIsAPreconditionFailure) {
  GrpcServersOptions options;
  options.client_api_listen = "127.0.0.1:0";
  options.matrix_out_listen = "127.0.0.1:0";
  options.client_api.internal_token = kInternalToken;
  options.matrix_out.internal_token = kInternalToken;
  options.matrix_out.server_name = homeserver_.options().server_name;
  options.matrix_out.bot_user_id = homeserver_.sender();
  common::MetricsRegistry metrics;
  GrpcServers unsigned_servers(options, *homeserver_client_, nullptr, metrics);
  ASSERT_TRUE(unsigned_servers.Start().ok());
  auto stub = v1::MatrixOut::NewStub(rpc::CreateChannel(
      {.target = "127.0.0.1:" + std::to_string(unsigned_servers.matrix_out_port())}));
  v1::MediaLinkRequest request;
  request.set_content_uri("mxc://localhost/abc");
  grpc::ClientContext context;
  Prepare(context);
  v1::MediaLinkReply reply;
  EXPECT_EQ(stub->MediaLink(&context, request, &reply).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  unsigned_servers.Stop(std::chrono::milliseconds(500));
}

}  // namespace
}  // namespace mxedge::appservice_router
