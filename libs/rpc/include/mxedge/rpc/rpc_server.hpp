#pragma once
// A started gRPC server: our services plus the standard health service
// (grpc.health.v1.Health, SERVING once started, NOT_SERVING from the start of Shutdown), on one
// listen address, accepting the keepalive pings our channels send, with a bounded shutdown.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/server.h"
#include "grpcpp/support/server_callback.h"

namespace mxedge::rpc {

struct RpcServerOptions {
  // `0.0.0.0:50051`, `127.0.0.1:0` (port 0: any free port, see RpcServer::port()).
  std::string listen_address;
  // Largest message accepted from a client.
  int max_receive_message_bytes = 64 * 1024 * 1024;
  // Largest message sent.
  int max_send_message_bytes = 64 * 1024 * 1024;
  // Shortest interval between client pings the server tolerates.
  std::chrono::milliseconds min_client_ping_interval{10000};
  // Names logged at start and stop.
  std::string name = "grpc";
};

class RpcServer {
 public:
  // Registers `services` (not owned; they must outlive the server) and starts listening.
  // kInvalidArgument for an empty address, kUnavailable when the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<RpcServer>> Start(
      const RpcServerOptions& options, const std::vector<grpc::Service*>& services);

  ~RpcServer();
  RpcServer(const RpcServer&) = delete;
  RpcServer& operator=(const RpcServer&) = delete;

  // The bound port (the real one when the address asked for port 0).
  int port() const { return port_; }
  // `host:port` with the bound port, for clients in tests.
  const std::string& address() const { return address_; }

  // Marks the health service NOT_SERVING, stops accepting calls, lets running calls finish until
  // `deadline` from now, then cancels the rest. Idempotent.
  void Shutdown(std::chrono::milliseconds deadline);

  grpc::Server& server() { return *server_; }

 private:
  RpcServer(std::unique_ptr<grpc::Server> server, int port, std::string address, std::string name);

  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  std::string address_;
  std::string name_;
  bool shut_down_ = false;
};

}  // namespace mxedge::rpc
