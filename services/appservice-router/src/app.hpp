#pragma once
// The composition root: the only place that constructs real clients (hiredis, libcurl, Pistache
// servers). RunMain is the whole program behind main(): flags, subcommands, config, run, drain.
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "as_api.hpp"
#include "config.hpp"
#include "mxedge/common/metrics_registry.hpp"
#include "mxedge/http/admin_server.hpp"
#include "mxedge/http/curl_http_client.hpp"
#include "mxedge/http/http_server.hpp"
#include "mxedge/redis/hiredis_client.hpp"
#include "mxedge/rpc/bounded_executor.hpp"
#include "namespaces.hpp"
#include "redis_intake_store.hpp"
#include "router_metrics.hpp"
#include "sink_queries.hpp"

namespace mxedge::appservice_router {

class App {
 public:
  // Builds every component from the config; InvalidArgument for values only checkable here
  // (the Redis URL, namespaces). Connects to nothing.
  static absl::StatusOr<std::unique_ptr<App>> Create(Config config, SinkQueries& sink_queries);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Starts the admin port, then a startup thread that retries until Redis is usable
  // (noeviction, consumer groups), then serves the AS API. Meanwhile /readyz says why not.
  absl::Status Start();
  // Readiness goes false, the AS API drains for up to `drain_timeout`, components stop.
  void Stop(std::chrono::milliseconds drain_timeout);

  // Bound ports (0 before the server started).
  uint16_t as_api_port() const;
  uint16_t admin_port() const;
  // OK once the AS API serves.
  absl::Status IntakeReady() const;

 private:
  App(Config config, Namespaces namespaces, SinkQueries& sink_queries,
      std::unique_ptr<redis::HiredisClient> redis);
  void StartupLoop();
  void ProbeHomeserver();

  Config config_;
  Namespaces namespaces_;
  SinkQueries& sink_queries_;
  common::MetricsRegistry registry_;
  RouterMetrics metrics_;
  std::unique_ptr<redis::HiredisClient> redis_;
  RedisIntakeStore store_;
  rpc::BoundedExecutor executor_;
  http::CurlHttpClient http_client_;
  std::unique_ptr<AsApi> api_;
  std::unique_ptr<http::HttpServer> server_;
  http::AdminServer admin_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool serving_ = false;
  absl::Status intake_status_ = absl::UnavailableError("starting");
  std::atomic<bool> homeserver_reachable_{false};
  std::thread startup_thread_;
};

// main(): `appservice-router [--config FILE] [--check-config] [--help] [--version]`,
// `appservice-router generate-registration ...`, `appservice-router dead ...`. Returns the exit
// code (0 ok, 1 failure, 2 usage).
int RunMain(int argc, const char* const* argv);

}  // namespace mxedge::appservice_router
