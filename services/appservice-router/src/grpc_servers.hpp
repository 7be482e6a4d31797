#pragma once
// The router's two gRPC servers, on separate listen addresses so a NetworkPolicy can let the
// gateways reach only ClientApi (:50051) and the sinks only MatrixOut (:50054). Each has its own
// executor for the blocking homeserver calls, so a burst on one cannot starve the other, and the
// standard health service.
#include <chrono>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "client_api_service.hpp"
#include "matrix_out_membership_cache.hpp"
#include "matrix_out_service.hpp"
#include "media_link.hpp"
#include "mxedge/common/metrics_registry.hpp"
#include "mxedge/matrix/homeserver_client.hpp"
#include "mxedge/rpc/bounded_executor.hpp"
#include "mxedge/rpc/rpc_server.hpp"

namespace mxedge::appservice_router {

struct GrpcServersOptions {
  // `grpc.client_api_listen`, `grpc.matrix_out_listen`.
  std::string client_api_listen = "0.0.0.0:50051";
  std::string matrix_out_listen = "0.0.0.0:50054";
  ClientApiOptions client_api;
  MatrixOutOptions matrix_out;
  rpc::BoundedExecutorOptions client_api_executor{.threads = 8, .max_queued = 512};
  rpc::BoundedExecutorOptions matrix_out_executor{.threads = 8, .max_queued = 512};
  // Largest gRPC message accepted (UploadMedia carries whole files).
  int max_receive_message_bytes = 64 * 1024 * 1024;
};

class GrpcServers {
 public:
  // `homeserver`, `links` (may be null) and `metrics` must outlive this object.
  GrpcServers(GrpcServersOptions options, matrix::HomeserverClient& homeserver,
              const MediaLinkSigner* links, common::MetricsRegistry& metrics);
  ~GrpcServers();
  GrpcServers(const GrpcServers&) = delete;
  GrpcServers& operator=(const GrpcServers&) = delete;

  // Starts both servers; when either cannot listen, neither runs and the error names it.
  // InvalidArgument when an internal token is empty.
  absl::Status Start();
  // Health NOT_SERVING, running calls get until `deadline`, then the executors finish. Idempotent.
  void Stop(std::chrono::milliseconds deadline);

  // Bound ports (after Start; real ports when the addresses asked for port 0).
  int client_api_port() const;
  int matrix_out_port() const;

  // For the event stream to drop joined entries on leave/kick events it sees.
  MatrixOutMembershipCache& membership_cache() { return cache_; }

 private:
  GrpcServersOptions options_;
  rpc::BoundedExecutor client_api_executor_;
  rpc::BoundedExecutor matrix_out_executor_;
  MatrixOutMembershipCache cache_;
  ClientApiService client_api_;
  MatrixOutService matrix_out_;
  std::unique_ptr<rpc::RpcServer> client_api_server_;
  std::unique_ptr<rpc::RpcServer> matrix_out_server_;
};

}  // namespace mxedge::appservice_router
