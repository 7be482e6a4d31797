#include "grpc_servers.hpp"

#include <utility>

namespace mxedge::appservice_router {

GrpcServers::GrpcServers(GrpcServersOptions options, matrix::HomeserverClient& homeserver,
                         const MediaLinkSigner* links, common::MetricsRegistry& metrics)
    : options_(std::move(options)),
      client_api_executor_(options_.client_api_executor),
      matrix_out_executor_(options_.matrix_out_executor),
      client_api_(options_.client_api, homeserver, client_api_executor_, metrics),
      matrix_out_(options_.matrix_out, homeserver, matrix_out_executor_, cache_, links, metrics) {}

GrpcServers::~GrpcServers() { Stop(std::chrono::milliseconds(0)); }

absl::Status GrpcServers::Start() {
  if (options_.client_api.internal_token.empty() || options_.matrix_out.internal_token.empty()) {
    return absl::InvalidArgumentError("grpc.internal_token: must be set");
  }
  absl::StatusOr<std::unique_ptr<rpc::RpcServer>> client_api =
      rpc::RpcServer::Start({.listen_address = options_.client_api_listen,
                             .max_receive_message_bytes = options_.max_receive_message_bytes,
                             .name = "client_api"},
                            {&client_api_});
  if (!client_api.ok()) {
    return client_api.status();
  }
  absl::StatusOr<std::unique_ptr<rpc::RpcServer>> matrix_out =
      rpc::RpcServer::Start({.listen_address = options_.matrix_out_listen,
                             .max_receive_message_bytes = options_.max_receive_message_bytes,
                             .name = "matrix_out"},
                            {&matrix_out_});
  if (!matrix_out.ok()) {
    (*client_api)->Shutdown(std::chrono::milliseconds(0));
    return matrix_out.status();
  }
  client_api_server_ = std::move(*client_api);
  matrix_out_server_ = std::move(*matrix_out);
  return absl::OkStatus();
}

void GrpcServers::Stop(std::chrono::milliseconds deadline) {
  if (client_api_server_) {
    client_api_server_->Shutdown(deadline);
  }
  if (matrix_out_server_) {
    matrix_out_server_->Shutdown(deadline);
  }
  client_api_executor_.Stop();
  matrix_out_executor_.Stop();
}

int GrpcServers::client_api_port() const {
  return client_api_server_ ? client_api_server_->port() : 0;
}

int GrpcServers::matrix_out_port() const {
  return matrix_out_server_ ? matrix_out_server_->port() : 0;
}

}  // namespace mxedge::appservice_router
