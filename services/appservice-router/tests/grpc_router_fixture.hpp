#pragma once
// A FakeHomeserver, a real CurlHomeserverClient and the router's GrpcServers on 127.0.0.1:0, with
// stubs for ClientApi and MatrixOut. Every test gets its own homeserver, ports and metrics.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "grpc_servers.hpp"
#include "media_link.hpp"
#include "mxedge/common/metrics_registry.hpp"
#include "mxedge/http/curl_http_client.hpp"
#include "mxedge/matrix/curl_homeserver_client.hpp"
#include "mxedge/rpc/call_context.hpp"
#include "mxedge/rpc/channel_factory.hpp"
#include "mxedge/testing/fake_clock.hpp"
#include "mxedge/testing/fake_homeserver.hpp"
#include "mxedge/v1/client_api.grpc.pb.h"
#include "mxedge/v1/matrix_out.grpc.pb.h"

namespace mxedge::appservice_router {

inline constexpr char kInternalToken[] = "internal-token-for-tests";
inline constexpr char kMediaLinkKey[] = "media-link-key-for-tests-0123456789abcdef";

class GrpcRouterFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(homeserver_.Start().ok());
    homeserver_client_ = std::make_unique<matrix::CurlHomeserverClient>(
        http_, matrix::CurlHomeserverClientOptions{
                   .base_url = homeserver_.base_url(),
                   .as_token = homeserver_.options().as_token,
                   .sender_localpart = homeserver_.options().sender_localpart,
                   .server_name = homeserver_.options().server_name,
                   .max_rate_limit_retries = 0,
                   .timeout = std::chrono::milliseconds(5000)});
    auto signer = MediaLinkSigner::Create(
        {.public_base_url = "https://media.example.test", .signing_key = kMediaLinkKey}, clock_);
    ASSERT_TRUE(signer.ok()) << signer.status();
    signer_ = std::move(*signer);
    GrpcServersOptions options;
    options.client_api_listen = "127.0.0.1:0";
    options.matrix_out_listen = "127.0.0.1:0";
    options.client_api.internal_token = kInternalToken;
    options.matrix_out.internal_token = kInternalToken;
    options.matrix_out.server_name = homeserver_.options().server_name;
    options.matrix_out.bot_user_id = homeserver_.sender();
    options.client_api_executor = {.threads = 2, .max_queued = 32};
    options.matrix_out_executor = {.threads = 2, .max_queued = 32};
    servers_ = std::make_unique<GrpcServers>(options, *homeserver_client_, signer_.get(), metrics_);
    ASSERT_TRUE(servers_->Start().ok());
    ASSERT_NE(servers_->client_api_port(), servers_->matrix_out_port());
    client_api_ = v1::ClientApi::NewStub(
        rpc::CreateChannel({.target = "127.0.0.1:" + std::to_string(servers_->client_api_port())}));
    matrix_out_ = v1::MatrixOut::NewStub(
        rpc::CreateChannel({.target = "127.0.0.1:" + std::to_string(servers_->matrix_out_port())}));
  }

  void TearDown() override {
    if (servers_) {
      servers_->Stop(std::chrono::milliseconds(1000));
    }
  }

  // A call context with the internal token (or `token`) and a 10 s deadline.
  static void Prepare(grpc::ClientContext& context, std::string token = kInternalToken) {
    rpc::PrepareCallContext(context, {.bearer_token = token, .deadline = std::chrono::seconds(10)});
  }

  std::string User(const std::string& localpart) const {
    return "@" + localpart + ":" + homeserver_.options().server_name;
  }

  testing::FakeHomeserver homeserver_;
  testing::FakeClock clock_;
  http::CurlHttpClient http_;
  common::MetricsRegistry metrics_;
  std::unique_ptr<matrix::CurlHomeserverClient> homeserver_client_;
  std::unique_ptr<MediaLinkSigner> signer_;
  std::unique_ptr<GrpcServers> servers_;
  std::unique_ptr<v1::ClientApi::Stub> client_api_;
  std::unique_ptr<v1::MatrixOut::Stub> matrix_out_;
};

}  // namespace mxedge::appservice_router
