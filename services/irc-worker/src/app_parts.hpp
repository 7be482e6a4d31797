#pragma once
// App::Parts: everything the irc-worker App owns, wired together by App::Create (app.cpp);
// the engine loops are in app.cpp and the control surface (WorkerControl, PuppetLines) in
// app_control.cpp.
#include "app.hpp"

#include <signal.h>

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <functional>
#include <future>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bridge_bots.hpp"
#include "caching_puppet_nicks.hpp"
#include "channel_mapping.hpp"
#include "client_certificate.hpp"
#include "connect_gate.hpp"
#include "connection_limits.hpp"
#include "connection_manager.hpp"
#include "connection_metrics.hpp"
#include "connection_reaper.hpp"
#include "delivery_records.hpp"
#include "event_sink_service.hpp"
#include "grpc_matrix_resources.hpp"
#include "grpc_matrix_sender.hpp"
#include "ident_module.hpp"
#include "irc_control_handler.hpp"
#include "irc_control_service.hpp"
#include "irc_keys.hpp"
#include "irc_to_matrix.hpp"
#include "lease_metrics.hpp"
#include "line_observer.hpp"
#include "matrix_to_irc.hpp"
#include "membership_module.hpp"
#include "message_options.hpp"
#include "metered_channel_receivers.hpp"
#include "mxedge/common/command_line.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/metrics_registry.hpp"
#include "mxedge/http/admin_server.hpp"
#include "mxedge/ownership/redis_idempotency_store.hpp"
#include "mxedge/redis/hiredis_client.hpp"
#include "mxedge/rpc/bearer_token.hpp"
#include "mxedge/rpc/channel_factory.hpp"
#include "mxedge/rpc/rpc_server.hpp"
#include "puppet_identity.hpp"
#include "puppet_lines.hpp"
#include "rate_gate.hpp"
#include "rebalance_preview.hpp"
#include "reconciler.hpp"
#include "redis_channel_receivers.hpp"
#include "redis_connect_rate.hpp"
#include "redis_connection_claims.hpp"
#include "redis_line_records.hpp"
#include "redis_puppet_nicks.hpp"
#include "redis_timed_client.hpp"
#include "redis_worker_registry.hpp"
#include "reply_nicks.hpp"
#include "rooms_module.hpp"
#include "sasl_credentials.hpp"
#include "status_report.hpp"
#include "stored_login.hpp"
#include "third_party_directory.hpp"
#include "tls_context.hpp"
#include "work_queue.hpp"
#include "worker_control.hpp"

namespace mxedge::irc_worker {

// How long a control call waits for the reconcile thread.
inline constexpr std::chrono::milliseconds kEngineCallTimeout{5000};

struct App::Parts : public PuppetLines, public WorkerControl {
  explicit Parts(Config c) : config(std::move(c)), keys(config.redis.key_prefix) {}

  Config config;
  IrcKeys keys;
  std::string worker_id;
  common::MetricsRegistry metrics;
  std::unique_ptr<redis::HiredisClient> redis;
  std::unique_ptr<RedisLatencyMetrics> redis_latency;
  std::deque<RedisTimedClient> timed_redis;  // one per family; the stores hold references
  std::unique_ptr<LeaseMetrics> lease_metrics;
  std::unique_ptr<MeteredChannelReceivers> metered_receivers;
  std::unique_ptr<RedisWorkerRegistry> registry;
  std::unique_ptr<RedisConnectionClaims> claims;
  std::unique_ptr<RedisConnectRate> rate;
  std::unique_ptr<RateGate> gate;
  std::unique_ptr<ConnectionMetrics> connection_metrics;
  std::unique_ptr<ConnectionManager> manager;
  std::unique_ptr<Reconciler> reconciler;
  std::map<std::string, ChannelMapping, std::less<>> mappings;
  std::unique_ptr<ownership::RedisIdempotencyStore> idempotency;
  std::unique_ptr<DeliveryRecords> deliveries;
  std::unique_ptr<GrpcMatrixResources> resources;
  std::unique_ptr<ReplyNicks> reply_nicks;
  std::unique_ptr<MatrixToIrc> matrix_to_irc;
  std::unique_ptr<RedisLineRecords> line_records;
  std::unique_ptr<RedisPuppetNicks> nicks;
  std::unique_ptr<CachingPuppetNicks> cached_nicks;  // what IrcToMatrix asks, per line copy
  std::unique_ptr<RedisChannelReceivers> receivers;
  std::unique_ptr<GrpcMatrixSender> sender;
  std::unique_ptr<IrcToMatrix> irc_to_matrix;
  std::unique_ptr<MembershipModule> membership;  // membership, modes and topic both ways
  std::unique_ptr<rpc::BearerTokenVerifier> verifier;
  std::unique_ptr<RoomsModule> rooms;
  std::unique_ptr<ThirdPartyDirectory> third_party;
  std::unique_ptr<EventSinkService> sink_service;
  std::unique_ptr<IrcControlHandler> control_handler;
  std::unique_ptr<IrcControlService> control_service;
  std::unique_ptr<rpc::RpcServer> rpc_server;
  std::unique_ptr<http::AdminServer> admin;
  std::shared_ptr<asio::ssl::context> tls;
  std::unique_ptr<IdentModule> ident;
  std::unique_ptr<ConnectionLimits> limits;  // idle_timeout, max_connections
  std::unique_ptr<ConnectionReaper> reaper;  // reconcile thread only
  std::unique_ptr<BridgeBots> bots;          // reconcile thread only

  WorkQueue engine_queue;
  std::thread engine;
  WorkQueue line_queue;
  std::thread line_thread;
  std::atomic<bool> registered{false};
  std::atomic<bool> draining{false};
  bool released = false;  // reconcile thread only: ReleaseAll ran, the registration is gone
  std::atomic<int64_t> last_round_ns{0};
  std::atomic<int64_t> held_count{0};

  // --- the reconcile thread
  // -------------------------------------------------------------------
  void EngineLoop();
  void ApplyPlan(const ReconcilePlan& plan);
  void OpenConnection(const ConnectionKey& key);
  // --- the IRC → Matrix thread
  void LineLoop();
  void SweepLines();
  void ResendPendingOf(const std::set<std::string>& workers);

  // Runs `fn` on the reconcile thread and waits for it (bounded).
  template <typename T>
  absl::StatusOr<T> OnEngine(std::function<T()> fn) {
    auto task = std::make_shared<std::packaged_task<T()>>(std::move(fn));
    std::future<T> result = task->get_future();
    if (engine_queue.closed()) {
      return absl::UnavailableError("the worker is stopping");
    }
    engine_queue.Post([task] { (*task)(); });
    if (result.wait_for(kEngineCallTimeout) != std::future_status::ready) {
      return absl::DeadlineExceededError("the reconcile loop did not answer in time");
    }
    return result.get();
  }

  // --- PuppetLines
  // ------------------------------------------------------------------------------
  absl::StatusOr<PuppetReadiness> Prepare(std::string_view network, std::string_view mxid) override;
  absl::StatusOr<std::string> RelaySource(std::string_view network, std::string_view mxid) override;
  absl::Status Send(std::string_view network, std::string_view mxid, std::string line,
                    Done done) override;

  // --- WorkerControl
  // ----------------------------------------------------------------------------
  void Status(std::string_view network, bool include_connections,
              v1::GetStatusReply& reply) override;
  absl::StatusOr<DrainResult> Drain(std::string_view quit_message,
                                    std::chrono::milliseconds deadline) override;
  absl::StatusOr<RebalanceResult> Rebalance(int32_t max_moves, std::string_view network,
                                            bool dry_run) override;
  absl::Status SendRaw(std::string_view network, std::string_view mxid, std::string line) override;
  // Rebalance's dry run: what would move now, computed on the reconcile thread.
  absl::StatusOr<RebalanceResult> PreviewRebalanceOnEngine(int32_t max_moves,
                                                           std::string_view network);

  absl::Status Readiness();
};

}  // namespace mxedge::irc_worker
