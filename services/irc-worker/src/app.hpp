#pragma once
// The composition root of the irc-worker: the only place that constructs real clients (Redis, the
// IRC event loops, the gRPC server, the MatrixOut channel, the admin HTTP server). RunMain is the
// whole program behind main(): flags, config, run until SIGTERM/SIGINT, drain.
//
// Threads: the reconcile thread owns the Reconciler (heartbeat, reconcile rounds, self-fence
// checks, opening and closing connections as each plan says); gRPC threads hand it work through a
// queue and wait for the answer. IRC channel lines go to one ordered thread that feeds
// IrcToMatrix. Readiness (/readyz): Redis answers, the worker is registered, and the reconcile
// loop completed a round recently.
#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "config.hpp"

namespace mxedge::irc_worker {

class App {
 public:
  // Builds every component; binds and connects nothing. Errors name the config key.
  static absl::StatusOr<std::unique_ptr<App>> Create(Config config);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Starts the admin port, the IRC loops, the gRPC server and the reconcile thread.
  absl::Status Start();
  // Drains: stops claiming, QUITs every connection (bounded by drain.timeout), releases the claims,
  // deregisters, then stops the servers. Idempotent.
  void Stop();

  uint16_t admin_port() const;
  int grpc_port() const;

 private:
  struct Parts;
  explicit App(std::unique_ptr<Parts> parts);

  std::unique_ptr<Parts> parts_;
  std::atomic<bool> started_{false};
  std::atomic<bool> stopped_{false};
};

// main(): `irc-worker [--config FILE] [--check-config] [--help] [--version]`. Returns the exit
// code (0 ok, 1 failure, 2 usage).
int RunMain(int argc, const char* const* argv);

}  // namespace mxedge::irc_worker
