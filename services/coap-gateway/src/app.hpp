#pragma once
// The composition root: the only place that constructs real clients (the libcoap transport, the
// gRPC channel to the router, the admin HTTP server). RunMain is the whole program behind main():
// flags, config, credentials, run until SIGTERM/SIGINT, drain.
//
// Readiness (/readyz) means "this replica can take datagrams": the CoAP loop thread answers a
// posted probe and the endpoints are bound. It never depends on the router: every replica failing
// readiness at once while the router is down would make the load balancer drop every datagram
// silently, whereas a ready gateway answers 5.03 with a Matrix error body.
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "coap_transport.hpp"
#include "config.hpp"
#include "dtls_credentials.hpp"
#include "exchange.hpp"
#include "grpc_client_api_upstream.hpp"
#include "mxedge/common/clock.hpp"
#include "mxedge/common/metrics_registry.hpp"
#include "mxedge/http/admin_server.hpp"

namespace mxedge::coap_gateway {

// What the protocol logic (the ExchangeHandler) is built from. References stay valid until the
// handler is destroyed.
struct HandlerContext {
  const Config& config;
  Transport& transport;
  LoopPoster& poster;
  ClientApiUpstream& upstream;
  common::MetricsRegistry& metrics;
  common::Clock& clock;
};
using HandlerFactory = std::function<std::unique_ptr<ExchangeHandler>(const HandlerContext&)>;

// The production handler: a RequestPipeline with its settings from the config, bound to the
// context's transport and poster.
std::unique_ptr<ExchangeHandler> MakeRequestPipeline(const HandlerContext& context);

class App {
 public:
  // Checks the credentials (certificate/key/CA files, PSK file and MXEDGE_DTLS_PSKS) and builds
  // every component. Errors name the config key. Binds and connects nothing. `upstream`
  // replaces the gRPC client (tests); null builds the real one.
  static absl::StatusOr<std::unique_ptr<App>> Create(Config config, HandlerFactory handlers,
                                                     ClientApiUpstream* upstream = nullptr);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Starts the admin port, then the CoAP endpoints and their loop. Errors: a port that cannot be
  // bound (names the key).
  absl::Status Start();
  // /readyz goes false; requests in flight to the router get up to `drain_timeout`; then the
  // transport stops (pending exchanges answered 5.03), remaining router calls are cancelled and
  // the admin port closes. Idempotent.
  void Stop(std::chrono::milliseconds drain_timeout);

  uint16_t admin_port() const;
  // OK while the CoAP loop answers a probe within `timeout`.
  absl::Status LoopAlive(std::chrono::milliseconds timeout) const;

 private:
  class ForwardingHandler;

  App(Config config, PskTable psks, HandlerFactory handlers, ClientApiUpstream* upstream);

  Config config_;
  PskTable psks_;
  common::MetricsRegistry registry_;
  std::unique_ptr<GrpcClientApiUpstream> own_upstream_;  // null when a test passes its own
  ClientApiUpstream& upstream_;
  std::unique_ptr<ForwardingHandler> forward_;
  std::unique_ptr<CoapTransport> transport_;
  std::unique_ptr<ExchangeHandler> handler_;
  http::AdminServer admin_;
  std::atomic<bool> started_{false};
  std::atomic<bool> stopped_{false};
};

// main(): `coap-gateway [--config FILE] [--check-config] [--help] [--version]`. Returns the exit
// code (0 ok, 1 failure, 2 usage).
int RunMain(int argc, const char* const* argv);

}  // namespace mxedge::coap_gateway
