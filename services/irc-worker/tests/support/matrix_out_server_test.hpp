#pragma once
// A test fixture serving `Service`, an in-process MatrixOut implementation, over gRPC on
// 127.0.0.1, with a channel to it for the worker's MatrixOut adapters.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "mxedge/rpc/channel_factory.hpp"
#include "mxedge/rpc/rpc_server.hpp"

namespace mxedge::irc_worker {

template <typename Service>
class MatrixOutServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<rpc::RpcServer>> server = rpc::RpcServer::Start(
        {.listen_address = "127.0.0.1:0", .name = "fake-matrix-out"}, {&service_});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    channel_ = rpc::CreateChannel({.target = server_->address()});
  }
  void TearDown() override {
    if (server_ != nullptr) {
      server_->Shutdown(std::chrono::seconds(1));
    }
  }

  Service service_;
  std::unique_ptr<rpc::RpcServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace mxedge::irc_worker
