#pragma once
// micropub's composition root: the Redis store (tokens sealed with the configured key), the
// router's MatrixOut over gRPC, the guarded web client and IndieAuth, the Bot behind the
// EventSink gRPC server (internal token checked first), the HTTP server with the client
// metadata page and the IndieAuth redirect endpoint, and the admin server.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "config.hpp"
#include "mxedge/http/admin_server.hpp"
#include "mxedge/http/http_server.hpp"
#include "mxedge/rpc/rpc_server.hpp"

namespace mxedge::micropub {

class App {
 public:
  // Checks the encryption key and the Redis URL and builds every component. Binds and connects
  // nothing; errors name the config key.
  static absl::StatusOr<std::unique_ptr<App>> Create(Config config);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Starts the admin port, the HTTP server and the EventSink gRPC server. Errors: a port that
  // cannot be bound (names the key).
  absl::Status Start();
  // /readyz goes false, the gRPC server finishes its calls within `drain_timeout`, the HTTP and
  // admin servers close. Idempotent.
  void Stop(std::chrono::milliseconds drain_timeout);

  uint16_t admin_port() const;
  uint16_t http_port() const;
  int grpc_port() const;

 private:
  struct Parts;  // everything behind the servers; defined in app.cpp

  App(Config config, std::unique_ptr<Parts> parts);
  void RouteHttp();

  Config config_;
  std::unique_ptr<Parts> parts_;
  http::HttpServer http_;
  http::AdminServer admin_;
  std::unique_ptr<rpc::RpcServer> rpc_;
  std::atomic<bool> started_{false};
  std::atomic<bool> stopped_{false};
};

int RunMain(int argc, const char* const* argv);

}  // namespace mxedge::micropub
