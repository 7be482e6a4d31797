#include "app.hpp"

#include "app_parts.hpp"
#include "case_mapping_check.hpp"

namespace mxedge::irc_worker {
namespace {

constexpr std::chrono::milliseconds kFenceCheck{1000};
// Period of the IRC → Matrix sweep (vacant receivers, our own pending lines): a third of the
// receiver lease, at most this.
constexpr std::chrono::milliseconds kMaxLineSweep{1000};

}  // namespace

void App::Parts::OpenConnection(const ConnectionKey& key) {
  const NetworkConfig* net = FindNetwork(config, key.network);
  if (net == nullptr) {
    return;
  }
  ConnectionSettings settings;
  settings.server.host = net->host;
  settings.server.port = static_cast<std::uint16_t>(net->port);
  settings.server.tls = net->tls;
  const bool bot = bots->IsBot(key);
  // A bridge bot's nick is its own; a puppet's follows the template and display name.
  settings.session.nick = bot ? *bots->NickOf(key) : rooms->nicks().NickForConnect(key);
  // The USER name stays with the MXID (what ident answers and bans match), whatever the nick.
  settings.session.username = RenderUsername(
      bot ? settings.session.nick : rooms->nicks().NickWithoutDisplayName(key.network, key.mxid));
  settings.session.realname = key.mxid;
  settings.session.server_password = net->server_password;
  absl::StatusOr<StoredLogin> stored = rooms->credentials().Get(key.network, key.mxid);
  if (!stored.ok()) {
    common::LogWarn("stored IRC login not read; connecting without it",
                    {{"network", key.network}, {"error", stored.status().ToString()}});
  }
  const bool stored_password = stored.ok() && !stored->password.empty();
  absl::StatusOr<std::optional<SaslCredentials>> sasl =
      ResolveSaslCredentials(net->sasl, key.mxid, settings.session.nick, ReadSecretFile);
  if (!sasl.ok() && net->sasl.required && !stored_password) {
    common::LogWarn("connection not opened: no SASL credentials",
                    {{"network", key.network}, {"error", sasl.status().ToString()}});
    return;
  }
  settings.session.sasl = sasl.ok() ? *sasl : std::nullopt;
  settings.session.sasl_required = net->sasl.required;
  if (absl::Status cert = ApplyClientCertificate(*net, key.mxid, RegularFileExists, settings);
      !cert.ok()) {
    common::LogWarn("connection not opened: no client certificate",
                    {{"network", key.network}, {"error", cert.ToString()}});
    return;
  }
  if (stored.ok()) {
    ApplyStoredLogin(*stored, net->sasl.mechanism != "none", settings.session);
  }
  settings.flood.lines_per_second = net->flood_lines_per_second;
  settings.flood.burst = net->flood_burst;
  settings.flood.max_queued = static_cast<std::size_t>(net->flood_queue_limit);
  settings.socket_observer = ident->ObserverFor(settings.session.username);
  std::shared_ptr<ConnectionObserver> observer = rooms->Observe(
      key,
      membership->Observe(key, std::make_shared<LineObserver>(key, line_queue, *irc_to_matrix),
                          line_queue),
      line_queue);
  if (!bot) {
    reaper->MakeRoomFor(key);
  }
  absl::Status opened = manager->Open(key, std::move(settings), std::move(observer));
  if (opened.ok() && !bot) {
    limits->Opened(key);
  }
  if (!opened.ok() && !absl::IsAlreadyExists(opened)) {
    common::LogWarn("connection not opened",
                    {{"network", key.network}, {"error", opened.ToString()}});
  }
}

void App::Parts::ApplyPlan(const ReconcilePlan& plan) {
  if (plan.drop_everything) {
    for (const ConnectionKey& key : reconciler->held()) {
      (void)manager->Close(key, "");
      limits->Closed(key);
    }
    common::LogWarn("dropped every connection (self-fence or lost registration)", {});
  }
  for (const ConnectionKey& key : plan.close) {
    (void)manager->Close(key, "");
    limits->Closed(key);
  }
  for (const ConnectionKey& key : plan.release) {
    limits->Closed(key);
    const NetworkConfig* net = FindNetwork(config, key.network);
    (void)manager->Close(key, net != nullptr ? net->quit_message : "");
    if (absl::Status s = reconciler->Release(key); !s.ok()) {
      common::LogWarn("release failed", {{"network", key.network}, {"error", s.ToString()}});
    }
  }
  for (const ConnectionKey& key : plan.open) {
    OpenConnection(key);
  }
  lease_metrics->ConnectionPlanApplied(plan, reconciler->held().size());
  if (!plan.taken_from.empty()) {
    // The lines those workers left pending reach Matrix once (fenced per line by TakeOver).
    line_queue.Post([this, workers = plan.taken_from] { ResendPendingOf(workers); });
  }
  if (!plan.open.empty() || plan.taken_over > 0) {
    common::LogInfo("connections claimed",
                    {{"opened", plan.open.size()}, {"taken_over", plan.taken_over}});
  }
}

void App::Parts::EngineLoop() {
  using Clock = std::chrono::steady_clock;
  const std::chrono::milliseconds round = config.ownership.heartbeat_interval;
  Clock::time_point next_heartbeat = Clock::now();
  Clock::time_point next_fence_check = Clock::now() + kFenceCheck;
  while (true) {
    Clock::time_point until =
        released ? Clock::now() + kFenceCheck : std::min(next_heartbeat, next_fence_check);
    std::deque<std::function<void()>> work = engine_queue.Take(until);
    for (std::function<void()>& fn : work) {
      fn();
    }
    if (engine_queue.closed()) {
      return;
    }
    if (released) {
      continue;
    }
    Clock::time_point now = Clock::now();
    if (now >= next_fence_check) {
      next_fence_check = now + kFenceCheck;
      if (reconciler->ShouldSelfFence()) {
        absl::StatusOr<ReconcilePlan> plan = reconciler->Reconcile();
        if (plan.ok()) {
          ApplyPlan(*plan);
        }
        registered.store(false);
      }
    }
    if (now >= next_heartbeat || !work.empty()) {
      if (now >= next_heartbeat) {
        next_heartbeat = now + round;
        absl::Status beat = reconciler->Heartbeat();
        registered.store(beat.ok() && reconciler->self().has_value());
        if (!beat.ok()) {
          common::LogWarn("heartbeat failed", {{"error", beat.ToString()}});
        }
      }
      absl::StatusOr<ReconcilePlan> plan = reconciler->Reconcile();
      if (plan.ok()) {
        ApplyPlan(*plan);
        reaper->ReapIdle();
        if (absl::Status s = bots->Enroll(); !s.ok()) {
          common::LogWarn("bridge bots not enrolled yet", {{"error", s.ToString()}});
        }
        last_round_ns.store(Clock::now().time_since_epoch().count());
      } else {
        common::LogWarn("reconcile failed", {{"error", plan.status().ToString()}});
      }
      held_count.store(static_cast<int64_t>(reconciler->held().size()));
    }
  }
}

void App::Parts::ResendPendingOf(const std::set<std::string>& workers) {
  for (const NetworkConfig& net : config.networks) {
    for (const std::string& worker : workers) {
      absl::StatusOr<int64_t> sent = irc_to_matrix->ResendPending(net.id, worker);
      if (!sent.ok()) {
        common::LogWarn(
            "pending lines not re-sent",
            {{"network", net.id}, {"from", worker}, {"error", sent.status().ToString()}});
      } else if (*sent > 0) {
        common::LogInfo("pending lines re-sent",
                        {{"network", net.id}, {"from", worker}, {"lines", *sent}});
      }
    }
  }
}

void App::Parts::SweepLines() {
  absl::StatusOr<int64_t> replayed = irc_to_matrix->ClaimVacantReceivers(
      std::chrono::steady_clock::now(), [this](std::string_view network, std::string_view mxid) {
        std::optional<ConnectionInfo> info =
            manager->Find(ConnectionKey{std::string(network), std::string(mxid)});
        return info.has_value() && info->state == ConnectionState::kRegistered;
      });
  if (!replayed.ok()) {
    common::LogWarn("vacant receivers not checked", {{"error", replayed.status().ToString()}});
  }
  // What we left pending ourselves (MatrixOut refused, or a previous life of this worker id).
  ResendPendingOf({worker_id});
}

void App::Parts::LineLoop() {
  using Clock = std::chrono::steady_clock;
  const auto period = std::max<std::chrono::milliseconds>(
      std::chrono::milliseconds(100), std::min(kMaxLineSweep, config.ownership.receiver_lease / 3));
  Clock::time_point next_sweep = Clock::now() + period;
  while (true) {
    const std::optional<Clock::time_point> coalesced = irc_to_matrix->NextCoalesceDeadline();
    std::deque<std::function<void()>> work =
        line_queue.Take(coalesced.has_value() ? std::min(next_sweep, *coalesced) : next_sweep);
    for (std::function<void()>& fn : work) {
      fn();
    }
    const bool closing = line_queue.closed() && work.empty();
    if (absl::StatusOr<int64_t> flushed = irc_to_matrix->FlushCoalesced(Clock::now(), closing);
        !flushed.ok()) {
      common::LogWarn("coalesced lines left pending", {{"error", flushed.status().ToString()}});
    }
    if (line_queue.closed()) {
      if (closing) {
        return;
      }
      continue;
    }
    if (Clock::now() >= next_sweep) {
      SweepLines();
      next_sweep = Clock::now() + period;
    }
  }
}

absl::StatusOr<std::unique_ptr<App>> App::Create(Config config) {
  auto parts = std::make_unique<Parts>(std::move(config));
  Parts& p = *parts;
  const Config& c = p.config;
  p.worker_id = EffectiveWorkerId(c);
  std::vector<std::string> networks;
  bool any_tls = false;
  for (const NetworkConfig& net : c.networks) {
    networks.push_back(net.id);
    any_tls = any_tls || net.tls;
    absl::StatusOr<ChannelMapping> mapping =
        ChannelMapping::Parse(net.channels, KeyCaseMapping(net));
    if (!mapping.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("networks.", net.id, ".channels: ", mapping.status().message()));
    }
    p.mappings.emplace(net.id, std::move(*mapping));
  }
  if (any_tls) {
    TlsSettings tls_settings;
    for (const NetworkConfig& net : c.networks) {
      tls_settings.verify_peer = tls_settings.verify_peer && (!net.tls || net.tls_verify);
      if (net.tls && !net.tls_ca_file.empty()) {
        tls_settings.ca_files.push_back(net.tls_ca_file);
      } else if (net.tls) {
        tls_settings.system_store = true;
      }
    }
    absl::StatusOr<std::shared_ptr<asio::ssl::context>> tls = MakeTlsClientContext(tls_settings);
    if (!tls.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("networks.tls: ", tls.status().message()));
    }
    p.tls = std::move(*tls);
  }
  redis::HiredisOptions redis_options;
  redis_options.url = c.redis.url;
  redis_options.command_timeout = c.redis.command_timeout;
  redis_options.connect_timeout = c.redis.connect_timeout;
  absl::StatusOr<std::unique_ptr<redis::HiredisClient>> client =
      redis::HiredisClient::Create(redis_options);
  if (!client.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("redis.url: ", client.status().message()));
  }
  p.redis = std::move(*client);
  p.redis_latency = std::make_unique<RedisLatencyMetrics>(p.metrics);
  auto timed = [&p](std::string family) -> redis::RedisClient& {
    return p.timed_redis.emplace_back(*p.redis, *p.redis_latency, common::SystemClock::Instance(),
                                      std::move(family));
  };
  p.lease_metrics = std::make_unique<LeaseMetrics>(p.metrics);
  p.registry = std::make_unique<RedisWorkerRegistry>(timed("registry"), p.keys);
  p.claims = std::make_unique<RedisConnectionClaims>(timed("claims"), p.keys);
  p.rate = std::make_unique<RedisConnectRate>(timed("connect_rate"), p.keys);
  p.gate = std::make_unique<RateGate>(*p.rate, p.config);
  p.connection_metrics = std::make_unique<ConnectionMetrics>(p.metrics);
  p.ident = std::make_unique<IdentModule>(*p.redis, p.keys,
                                          IdentSettings{.listen = c.ident.listen,
                                                        .timeout = c.ident.timeout,
                                                        .max_concurrent = c.ident.max_concurrent,
                                                        .record_ttl = c.ident.record_ttl},
                                          p.metrics);
  std::map<std::string, NetworkLimits> limits;
  for (const NetworkConfig& net : c.networks) {
    limits.emplace(net.id, NetworkLimits{.idle_timeout = net.idle_timeout,
                                         .max_connections = net.max_connections});
  }
  p.limits = std::make_unique<ConnectionLimits>(common::SystemClock::Instance(), std::move(limits));
  ManagerSettings manager_settings;
  manager_settings.threads = c.worker.threads;
  p.manager = std::make_unique<ConnectionManager>(manager_settings, common::SystemClock::Instance(),
                                                  *p.gate, p.tls, *p.connection_metrics);
  p.idempotency = std::make_unique<ownership::RedisIdempotencyStore>(timed("deliveries"));
  p.deliveries = std::make_unique<DeliveryRecords>(*p.idempotency, p.keys);
  rpc::ChannelOptions channel_options;
  channel_options.target = c.router.matrix_out_address;
  std::shared_ptr<grpc::Channel> matrix_out = rpc::CreateChannel(channel_options);
  p.resources = std::make_unique<GrpcMatrixResources>(matrix_out, c.grpc.internal_token,
                                                      c.router.request_timeout);
  MatrixToIrcOptions m2i;
  m2i.worker_id = p.worker_id;
  IrcToMatrixOptions i2m;
  if (absl::Status s = ApplyMessageSettings(c, m2i, i2m); !s.ok()) {
    return s;
  }
  std::map<std::string, std::string, std::less<>> ghost_templates;
  for (const NetworkConfig& net : c.networks) {
    ghost_templates.emplace(net.id, net.ghost_localpart_template);
  }
  p.reply_nicks =
      std::make_unique<ReplyNicks>(ghost_templates, c.homeserver.server_name,
                                   [pp = &p](std::string_view network, std::string_view mxid) {
                                     return pp->rooms->nicks().NickOf(network, mxid);
                                   });
  m2i.resources = p.resources.get();
  m2i.reply_nicks = p.reply_nicks.get();
  m2i.metrics = &p.metrics;
  rpc::ChannelOptions rooms_channel;
  rooms_channel.target = c.router.matrix_out_address;
  absl::StatusOr<std::unique_ptr<RoomsModule>> rooms =
      RoomsModule::Create(c, timed("rooms"), p.keys, rpc::CreateChannel(rooms_channel));
  if (!rooms.ok()) {
    return rooms.status();
  }
  p.rooms = std::move(*rooms);
  p.rooms->AttachPortals(p.mappings);
  p.matrix_to_irc = std::make_unique<MatrixToIrc>(p, *p.deliveries, p.mappings, m2i);
  p.rooms->Finish(
      p, *p.manager, *p.claims,
      [pp = &p](const ConnectionKey& key) {
        return pp
            ->OnEngine<bool>([pp, key] {
              pp->OpenConnection(key);
              return true;
            })
            .status();
      },
      *p.matrix_to_irc);
  p.reaper = std::make_unique<ConnectionReaper>(
      *p.limits,
      ReaperActions{
          .quit = [pp = &p](const ConnectionKey& key,
                            std::string_view message) { (void)pp->manager->Close(key, message); },
          .unwant =
              [pp = &p](const ConnectionKey& key) {
                return pp->claims->RemoveWanted(key.network, key.mxid);
              },
          .release = [pp = &p](const ConnectionKey& key) { return pp->reconciler->Release(key); },
          .notify =
              [pp = &p](const ConnectionKey& key, std::string_view notice) {
                // One notice per close: the key names the connection and the moment.
                const std::string idempotency =
                    absl::StrCat("limit:", key.network, ":", key.mxid, ":",
                                 common::SystemClock::Instance().NowUnixMs());
                if (absl::Status s =
                        pp->rooms->admin().Notify(key.network, key.mxid, notice, idempotency);
                    !s.ok()) {
                  common::LogWarn("admin room notice not sent",
                                  {{"network", key.network}, {"error", s.ToString()}});
                }
              }},
      &p.metrics);
  p.bots = std::make_unique<BridgeBots>(p.config, *p.claims, p.rooms->rooms());
  p.line_records = std::make_unique<RedisLineRecords>(timed("line_records"), p.keys);
  p.nicks = std::make_unique<RedisPuppetNicks>(timed("puppet_nicks"), p.keys);
  p.cached_nicks = std::make_unique<CachingPuppetNicks>(*p.nicks, common::SystemClock::Instance());
  p.receivers = std::make_unique<RedisChannelReceivers>(timed("receivers"), p.keys);
  p.metered_receivers =
      std::make_unique<MeteredChannelReceivers>(*p.receivers, *p.lease_metrics, p.worker_id);
  p.sender = std::make_unique<GrpcMatrixSender>(matrix_out, c.grpc.internal_token,
                                                c.router.request_timeout);
  i2m.worker_id = p.worker_id;
  i2m.server_name = c.homeserver.server_name;
  for (const NetworkConfig& net : c.networks) {
    i2m.ghost_templates.emplace(net.id, net.ghost_localpart_template);
  }
  i2m.receiver_lease = c.ownership.receiver_lease;
  for (const NetworkConfig& net : c.networks) {
    i2m.key_mappings.emplace(net.id, KeyCaseMapping(net));
  }
  i2m.replay_window = c.ownership.replay_window;
  p.irc_to_matrix = std::make_unique<IrcToMatrix>(*p.line_records, *p.cached_nicks,
                                                  *p.metered_receivers, *p.sender, p.mappings, i2m);
  p.membership = std::make_unique<MembershipModule>(c, p.worker_id,
                                                    MembershipDeps{.nicks = *p.cached_nicks,
                                                                   .receivers = *p.receivers,
                                                                   .lines = p,
                                                                   .rooms = p.rooms->rooms(),
                                                                   .portals = p.rooms->portals(),
                                                                   .matrix_out = matrix_out,
                                                                   .records = p.deliveries.get(),
                                                                   .metrics = &p.metrics},
                                                    p.mappings);
  p.rooms->delivery().SetModeration(&p.membership->moderation());
  p.verifier = std::make_unique<rpc::BearerTokenVerifier>(c.grpc.internal_token);
  p.sink_service = std::make_unique<EventSinkService>(p.rooms->delivery(), p.rooms->portals(),
                                                      *p.verifier, networks);
  absl::StatusOr<ThirdPartyDirectory> directory = BuildThirdPartyDirectory(c);
  if (!directory.ok()) {
    return directory.status();
  }
  p.third_party = std::make_unique<ThirdPartyDirectory>(*std::move(directory));
  p.sink_service->SetThirdPartyDirectory(p.third_party.get());
  IrcControlDefaults defaults;
  defaults.drain_deadline = c.drain.timeout;
  p.control_handler = std::make_unique<IrcControlHandler>(p, defaults);
  p.control_service = std::make_unique<IrcControlService>(*p.control_handler, *p.verifier);
  http::HttpServerOptions admin_options;
  admin_options.bind_address = c.admin.listen_address;
  admin_options.port = static_cast<uint16_t>(c.admin.port);
  admin_options.threads = 1;
  p.admin = std::make_unique<http::AdminServer>(admin_options);
  return std::unique_ptr<App>(new App(std::move(parts)));
}

App::App(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

App::~App() { Stop(); }

uint16_t App::admin_port() const { return parts_->admin->port(); }

int App::grpc_port() const { return parts_->rpc_server ? parts_->rpc_server->port() : 0; }

absl::Status App::Start() {
  Parts& p = *parts_;
  p.admin->SetMetricsRenderer([&p] { return p.metrics.RenderText(); });
  p.admin->AddReadinessCheck("worker", [&p] { return p.Readiness(); });
  if (absl::Status s = p.admin->Start(); !s.ok()) {
    return absl::Status(s.code(), absl::StrCat("admin.port: ", s.message()));
  }
  common::LogInfo("admin server listening", {{"port", p.admin->port()}});
  if (absl::Status s = p.ident->Start(); !s.ok()) {
    p.admin->StartDrain();
    (void)p.admin->Shutdown(std::chrono::milliseconds(0));
    return s;
  }
  rpc::RpcServerOptions rpc_options;
  rpc_options.listen_address = p.config.grpc.listen;
  rpc_options.name = "irc-worker grpc";
  absl::StatusOr<std::unique_ptr<rpc::RpcServer>> server =
      rpc::RpcServer::Start(rpc_options, {p.sink_service.get(), p.control_service.get()});
  if (!server.ok()) {
    p.admin->StartDrain();
    (void)p.admin->Shutdown(std::chrono::milliseconds(0));
    return absl::Status(server.status().code(),
                        absl::StrCat("grpc.listen: ", server.status().message()));
  }
  p.rpc_server = std::move(*server);
  const char* pod_ip = std::getenv("MXEDGE_POD_IP");
  ReconcilerOptions options;
  options.advert.id = p.worker_id;
  options.advert.grpc_address =
      EffectiveAdvertisedAddress(p.config, pod_ip != nullptr ? pod_ip : "", p.rpc_server->port());
  options.advert.capacity = p.config.worker.capacity;
  for (const NetworkConfig& net : p.config.networks) {
    options.networks.push_back(net.id);
  }
  options.owner_timeout = p.config.ownership.owner_timeout;
  options.claim_grace = p.config.ownership.claim_grace;
  options.self_fence = p.config.ownership.self_fence;
  if (absl::Status s = ValidateReconcilerOptions(options); !s.ok()) {
    return s;
  }
  p.reconciler = std::make_unique<Reconciler>(*p.registry, *p.claims,
                                              common::SystemClock::Instance(), options);
  p.manager->Start();
  p.line_thread = std::thread([&p] { p.LineLoop(); });
  p.membership->Start();
  p.engine = std::thread([&p] { p.EngineLoop(); });
  started_.store(true);
  common::LogInfo("irc-worker started", {{"worker_id", p.worker_id},
                                         {"grpc", options.advert.grpc_address},
                                         {"networks", p.config.networks.size()}});
  return absl::OkStatus();
}

void App::Stop() {
  if (!started_.load() || stopped_.exchange(true)) {
    return;
  }
  Parts& p = *parts_;
  p.admin->StartDrain();
  if (!p.draining.load()) {
    absl::StatusOr<DrainResult> drained = p.Drain("", p.config.drain.timeout);
    if (drained.ok()) {
      common::LogInfo("drained", {{"released", drained->released}, {"forced", drained->forced}});
    } else {
      common::LogWarn("drain incomplete", {{"error", drained.status().ToString()}});
    }
  }
  p.engine_queue.Close();
  if (p.engine.joinable()) {
    p.engine.join();
  }
  p.rpc_server->Shutdown(std::chrono::milliseconds(1000));
  p.manager->Stop();
  p.ident->Stop();
  p.line_queue.Close();
  if (p.line_thread.joinable()) {
    p.line_thread.join();
  }
  p.membership->Stop();
  (void)p.admin->Shutdown(std::chrono::milliseconds(1000));
}

}  // namespace mxedge::irc_worker
