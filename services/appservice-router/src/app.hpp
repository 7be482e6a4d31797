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
#include "dispatch_service.hpp"
#include "grpc_servers.hpp"
#include "irc_routing.hpp"
#include "media_link.hpp"
#include "media_link_routes.hpp"
#include "mxedge/common/metrics_registry.hpp"
#include "mxedge/http/admin_server.hpp"
#include "mxedge/http/curl_http_client.hpp"
#include "mxedge/http/http_server.hpp"
#include "mxedge/matrix/curl_homeserver_client.hpp"
#include "mxedge/ownership/redis_idempotency_store.hpp"
#include "mxedge/ownership/redis_lease_store.hpp"
#include "mxedge/ownership/redis_member_registry.hpp"
#include "mxedge/redis/hiredis_client.hpp"
#include "mxedge/rpc/bounded_executor.hpp"
#include "namespaces.hpp"
#include "redis_intake_store.hpp"
#include "router_metrics.hpp"
#include "sink_channel_cache.hpp"
#include "sink_client_grpc.hpp"
#include "sink_namespaces_lookup.hpp"
#include "sink_queries.hpp"
#include "sink_queries_grpc.hpp"

namespace mxedge::appservice_router {

class App {
 public:
  // Builds every component from the config; InvalidArgument for values only checkable here
  // (the Redis URL, namespaces, media links). Connects to nothing. `sink_queries` replaces the
  // gRPC sink queries (tests); null builds the real ones.
  static absl::StatusOr<std::unique_ptr<App>> Create(Config config,
                                                     SinkQueries* sink_queries = nullptr);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Starts the admin port and the gRPC servers, then a startup thread that retries until Redis
  // is usable (noeviction, consumer groups), then starts the dispatcher and serves the AS API.
  // Meanwhile /readyz says why not. Errors: a port that cannot be bound (names the key).
  absl::Status Start();
  // Readiness goes false, the AS API drains for up to `drain_timeout`, then the gRPC servers and
  // the dispatcher stop (releasing their shards).
  void Stop(std::chrono::milliseconds drain_timeout);

  // Bound ports (0 before the server started).
  uint16_t as_api_port() const;
  uint16_t admin_port() const;
  int client_api_port() const { return grpc_->client_api_port(); }
  int matrix_out_port() const { return grpc_->matrix_out_port(); }
  // OK once the AS API serves.
  absl::Status IntakeReady() const;

 private:
  App(Config config, Namespaces namespaces, SinkQueries* sink_queries,
      std::unique_ptr<redis::HiredisClient> redis, std::unique_ptr<MediaLinkSigner> signer);
  void StartupLoop();
  void ProbeHomeserver();

  Config config_;
  Namespaces namespaces_;
  common::MetricsRegistry registry_;
  RouterMetrics metrics_;
  std::unique_ptr<redis::HiredisClient> redis_;
  ownership::RedisMemberRegistry irc_workers_;
  SinkChannelCache channels_;
  IrcRouter irc_router_;
  std::unique_ptr<SinkQueries> own_sink_queries_;
  SinkQueries& sink_queries_;
  RedisIntakeStore store_;
  rpc::BoundedExecutor executor_;
  http::CurlHttpClient http_client_;
  matrix::CurlHomeserverClient homeserver_;
  // MatrixOut answers a 429 at once with retry_after_ms, so the sink decides when to retry;
  // its own client therefore never waits out a rate limit on a gRPC worker.
  matrix::CurlHomeserverClient matrix_out_homeserver_;
  // Media link downloads (up to tens of MB) run on their own pool so they never hold up intake.
  rpc::BoundedExecutor media_executor_;
  std::unique_ptr<MediaLinkSigner> media_signer_;  // null when media links are not configured
  std::unique_ptr<AsApi> api_;
  std::unique_ptr<http::HttpServer> server_;
  std::shared_ptr<MediaLinkHandler> media_handler_;
  std::unique_ptr<GrpcServers> grpc_;
  ownership::RedisLeaseStore leases_;
  ownership::RedisMemberRegistry routers_;
  ownership::RedisIdempotencyStore idempotency_;
  GrpcSinkClient sink_client_;
  NamespacesUserSinkLookup user_sinks_;
  std::unique_ptr<Dispatcher> dispatcher_;
  http::AdminServer admin_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool serving_ = false;
  bool dispatching_ = false;
  absl::Status intake_status_ = absl::UnavailableError("starting");
  std::atomic<int> homeserver_state_{-1};  // -1 not probed yet, 0 unreachable, 1 reachable
  std::thread startup_thread_;
};

// main(): `appservice-router [--config FILE] [--check-config] [--help] [--version]`,
// `appservice-router generate-registration ...`, `appservice-router dead ...`. Returns the exit
// code (0 ok, 1 failure, 2 usage).
int RunMain(int argc, const char* const* argv);

}  // namespace mxedge::appservice_router
