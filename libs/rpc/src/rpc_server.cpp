#include "mxedge/rpc/rpc_server.hpp"

#include <utility>

#include "absl/strings/str_cat.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "mxedge/common/log.hpp"
#include "mxedge/rpc/callback_queue.hpp"

namespace mxedge::rpc {

namespace {

std::string AddressWithPort(const std::string& listen_address, int port) {
  auto colon = listen_address.rfind(':');
  std::string host = colon == std::string::npos ? listen_address : listen_address.substr(0, colon);
  if (host.empty() || host == "0.0.0.0" || host == "[::]") {
    host = "127.0.0.1";
  }
  return absl::StrCat(host, ":", port);
}

}  // namespace

absl::StatusOr<std::unique_ptr<RpcServer>> RpcServer::Start(
    const RpcServerOptions& options, const std::vector<grpc::Service*>& services) {
  if (options.listen_address.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(options.name, ": empty listen address"));
  }
  PinCallbackCompletionQueue();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(options.listen_address, grpc::InsecureServerCredentials(), &port);
  builder.SetMaxReceiveMessageSize(options.max_receive_message_bytes);
  builder.SetMaxSendMessageSize(options.max_send_message_bytes);
  // gRPC sets SO_REUSEPORT by default: a second process could then bind the same port and
  // silently take half of the connections. A port in use must be a startup error instead.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
                             static_cast<int>(options.min_client_ping_interval.count()));
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 0);
  for (grpc::Service* service : services) {
    builder.RegisterService(service);
  }
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    if (server != nullptr) {
      server->Shutdown();
    }
    return absl::UnavailableError(
        absl::StrCat(options.name, ": cannot listen on ", options.listen_address));
  }
  if (auto* health = server->GetHealthCheckService()) {
    health->SetServingStatus(true);
  }
  std::string address = AddressWithPort(options.listen_address, port);
  common::LogInfo("grpc server started", {{"server", options.name}, {"address", address}});
  return std::unique_ptr<RpcServer>(
      new RpcServer(std::move(server), port, std::move(address), options.name));
}

RpcServer::RpcServer(std::unique_ptr<grpc::Server> server, int port, std::string address,
                     std::string name)
    : server_(std::move(server)),
      port_(port),
      address_(std::move(address)),
      name_(std::move(name)) {}

RpcServer::~RpcServer() { Shutdown(std::chrono::milliseconds(0)); }

void RpcServer::Shutdown(std::chrono::milliseconds deadline) {
  if (shut_down_) {
    return;
  }
  shut_down_ = true;
  if (auto* health = server_->GetHealthCheckService()) {
    health->SetServingStatus(false);
  }
  server_->Shutdown(std::chrono::system_clock::now() + deadline);
  server_->Wait();
  common::LogInfo("grpc server stopped", {{"server", name_}});
}

}  // namespace mxedge::rpc
