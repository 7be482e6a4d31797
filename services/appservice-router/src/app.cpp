#include "app.hpp"

#include <pthread.h>
#include <signal.h>

#include <iostream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "dead_letter.hpp"
#include "mxedge/common/clock.hpp"
#include "mxedge/common/command_line.hpp"
#include "mxedge/common/environment.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/service_main.hpp"
#include "mxedge/redis/commands.hpp"
#include "registration.hpp"

namespace mxedge::appservice_router {
namespace {

constexpr char kProgram[] = "appservice-router";
constexpr char kVersion[] = "0.1.0";
constexpr auto kStartupRetryMin = std::chrono::milliseconds(200);
constexpr auto kStartupRetryMax = std::chrono::milliseconds(10'000);
constexpr auto kHomeserverProbeInterval = std::chrono::seconds(30);

std::string StatusText(const absl::Status& status) { return std::string(status.ToString()); }

absl::StatusOr<std::unique_ptr<redis::HiredisClient>> MakeRedis(const Config& config) {
  redis::HiredisOptions options;
  options.url = config.redis.url;
  options.pool_size = config.redis.pool_size;
  options.command_timeout = config.redis.command_timeout;
  options.connect_timeout = config.redis.connect_timeout;
  absl::StatusOr<std::unique_ptr<redis::HiredisClient>> client =
      redis::HiredisClient::Create(options);
  if (!client.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("redis.url: ", std::string(client.status().message())));
  }
  return client;
}

matrix::CurlHomeserverClientOptions HomeserverOptions(const Config& config,
                                                      int max_rate_limit_retries) {
  matrix::CurlHomeserverClientOptions options;
  options.base_url = config.homeserver.url;
  options.as_token = config.homeserver.as_token;
  options.sender_localpart = config.appservice.sender_localpart;
  options.server_name = config.homeserver.server_name;
  options.timeout = config.homeserver.request_timeout;
  options.max_rate_limit_retries = max_rate_limit_retries;
  return options;
}

http::HttpServerOptions AdminOptions(const Config& config) {
  http::HttpServerOptions options;
  options.bind_address = config.admin.listen_address;
  options.port = config.admin.port;
  options.threads = 1;
  return options;
}

void PrintHelp() {
  std::cout
      << common::CommandLineUsage(kProgram)
      << "\nSubcommands:\n"
         "  generate-registration [--config PATH] [--output FILE] [--url URL]\n"
         "      Writes the appservice registration YAML (mode 0600); tokens from\n"
         "      MXEDGE_HOMESERVER_AS_TOKEN / MXEDGE_HOMESERVER_HS_TOKEN, else random.\n"
         "  dead [--config PATH] list [--limit N] | show <id> | redrive <id> | redrive --all\n"
         "      Parked events in the dead-letter stream.\n"
         "\nConfiguration keys (file < environment):\n"
      << RouterConfigSchema().Describe();
}

// `dead [--config PATH] ...`.
int RunDead(std::vector<std::string> args) {
  common::ConfigSource source;
  if (args.size() >= 2 && args[0] == "--config") {
    source.file_path = args[1];
    args.erase(args.begin(), args.begin() + 2);
  }
  absl::StatusOr<Config> config = LoadConfig(source, common::ProcessEnvironment(), false);
  if (!config.ok()) {
    std::cerr << config.status().message() << "\n";
    return 1;
  }
  absl::StatusOr<std::unique_ptr<redis::HiredisClient>> redis = MakeRedis(*config);
  if (!redis.ok()) {
    std::cerr << redis.status().message() << "\n";
    return 1;
  }
  return RunDeadCommand(args, **redis, std::cout, std::cerr);
}

}  // namespace

App::App(Config config, Namespaces namespaces, SinkQueries* sink_queries,
         std::unique_ptr<redis::HiredisClient> redis, std::unique_ptr<MediaLinkSigner> signer)
    : config_(std::move(config)),
      namespaces_(std::move(namespaces)),
      metrics_(registry_),
      redis_(std::move(redis)),
      irc_workers_(*redis_, "mxedge:irc:workers", common::SystemClock::Instance()),
      irc_router_(*redis_, irc_workers_, IrcRoutingOptions{}),
      own_sink_queries_(sink_queries != nullptr
                            ? nullptr
                            : std::make_unique<GrpcSinkQueries>(
                                  GrpcSinkQueriesOptions{config_.grpc.internal_token,
                                                         std::chrono::milliseconds(5000),
                                                         config_.sinks.micropub_address},
                                  channels_, irc_router_)),
      sink_queries_(sink_queries != nullptr ? *sink_queries : *own_sink_queries_),
      store_(RedisIntakeStoreOptions{"mxedge:", config_.dispatch.shards,
                                     config_.intake.txn_marker_ttl},
             *redis_),
      executor_(rpc::BoundedExecutorOptions{static_cast<size_t>(config_.intake.workers), 256}),
      http_client_([this] {
        http::CurlHttpClientOptions options;
        options.connect_timeout = config_.homeserver.connect_timeout;
        options.default_timeout = config_.homeserver.request_timeout;
        return options;
      }()),
      homeserver_(http_client_, HomeserverOptions(config_, /*max_rate_limit_retries=*/3)),
      matrix_out_homeserver_(http_client_,
                             HomeserverOptions(config_, /*max_rate_limit_retries=*/0)),
      media_executor_(rpc::BoundedExecutorOptions{4, 64}),
      media_signer_(std::move(signer)),
      leases_(*redis_),
      routers_(*redis_, "mxedge:as:routers", common::SystemClock::Instance()),
      idempotency_(*redis_),
      sink_client_(
          GrpcSinkClientOptions{config_.grpc.internal_token, std::chrono::milliseconds(10'000)},
          channels_),
      user_sinks_(namespaces_),
      admin_(AdminOptions(config_)) {
  AsApiOptions api_options;
  api_options.hs_token = config_.homeserver.hs_token;
  api_options.max_body_bytes = static_cast<size_t>(config_.http.max_body_bytes);
  api_ = std::make_unique<AsApi>(api_options, namespaces_, store_, sink_queries_, executor_,
                                 metrics_, common::SystemClock::Instance());
  http::HttpServerOptions server_options;
  server_options.bind_address = config_.http.listen_address;
  server_options.port = config_.http.port;
  server_options.threads = config_.http.threads;
  server_options.max_body_bytes = static_cast<size_t>(config_.http.max_body_bytes);
  server_ = std::make_unique<http::HttpServer>(server_options);
  api_->Register(*server_);
  if (media_signer_) {
    media_handler_ = RegisterMediaLinkRoutes(*server_, *media_signer_, homeserver_, media_executor_,
                                             registry_, MediaLinkRouteOptions{});
  }

  GrpcServersOptions grpc_options;
  grpc_options.client_api_listen = config_.grpc.client_api_listen;
  grpc_options.matrix_out_listen = config_.grpc.matrix_out_listen;
  grpc_options.client_api.internal_token = config_.grpc.internal_token;
  grpc_options.matrix_out.internal_token = config_.grpc.internal_token;
  grpc_options.matrix_out.server_name = config_.homeserver.server_name;
  grpc_options.matrix_out.bot_user_id = homeserver_.sender_user_id();
  grpc_options.matrix_out.in_namespace = [this](std::string_view user_id) {
    return namespaces_.IsOurUser(user_id);
  };
  grpc_ = std::make_unique<GrpcServers>(grpc_options, matrix_out_homeserver_, media_signer_.get(),
                                        registry_);

  DispatcherOptions dispatch;
  dispatch.router_id = EffectiveRouterId(config_);
  dispatch.shards = config_.dispatch.shards;
  dispatch.max_attempts = config_.dispatch.max_attempts;
  dispatch.backoff_min = config_.dispatch.backoff_min;
  dispatch.backoff_max = config_.dispatch.backoff_max;
  dispatch.batch_size = config_.dispatch.batch_size;
  dispatch.lease_ttl = config_.dispatch.shard_lease_ttl;
  dispatch.heartbeat_interval = config_.dispatch.heartbeat_interval;
  dispatch.micropub_address = config_.sinks.micropub_address;
  dispatcher_ = std::make_unique<Dispatcher>(
      dispatch, DispatcherDeps{*redis_, leases_, routers_, irc_workers_, idempotency_, sink_client_,
                               user_sinks_, registry_, common::SystemClock::Instance()});
  registry_.AddCallbackGauge("mxedge_appservice_router_homeserver_reachable",
                             "1 when the last homeserver probe answered.",
                             [this] { return homeserver_state_.load() == 1 ? 1.0 : 0.0; });
  registry_.AddCallbackGauge("mxedge_appservice_router_intake_queue_length",
                             "Requests waiting for an intake worker.",
                             [this] { return static_cast<double>(executor_.queued()); });
}

absl::StatusOr<std::unique_ptr<App>> App::Create(Config config, SinkQueries* sink_queries) {
  absl::StatusOr<Namespaces> namespaces = Namespaces::Create(config);
  if (!namespaces.ok()) {
    return namespaces.status();
  }
  absl::StatusOr<std::unique_ptr<redis::HiredisClient>> redis = MakeRedis(config);
  if (!redis.ok()) {
    return redis.status();
  }
  std::unique_ptr<MediaLinkSigner> signer;
  if (!config.media.public_base_url.empty()) {
    MediaLinkOptions options;
    options.public_base_url = config.media.public_base_url;
    options.signing_key = config.media.signing_key;
    options.default_ttl = config.media.link_ttl;
    options.max_ttl = std::max(config.media.link_ttl, options.max_ttl);
    absl::StatusOr<std::unique_ptr<MediaLinkSigner>> created =
        MediaLinkSigner::Create(options, common::SystemClock::Instance());
    if (!created.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("media: ", std::string(created.status().message())));
    }
    signer = std::move(*created);
  }
  return std::unique_ptr<App>(new App(std::move(config), std::move(*namespaces), sink_queries,
                                      std::move(*redis), std::move(signer)));
}

App::~App() { Stop(std::chrono::milliseconds(0)); }

absl::Status App::Start() {
  admin_.SetMetricsRenderer([this] { return registry_.RenderText(); });
  admin_.AddReadinessCheck("redis", [this] { return redis::Ping(*redis_); });
  admin_.AddReadinessCheck("intake", [this] { return IntakeReady(); });
  admin_.AddReadinessCheck("dispatch", [this] {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!dispatching_) {
        return absl::UnavailableError("dispatcher waits for Redis");
      }
    }
    return dispatcher_->Ready();
  });
  if (absl::Status s = admin_.Start(); !s.ok()) {
    return absl::Status(s.code(), absl::StrCat("admin.port: ", std::string(s.message())));
  }
  common::LogInfo("admin server listening", {{"port", admin_.port()}});
  if (absl::Status s = grpc_->Start(); !s.ok()) {
    admin_.StartDrain();
    (void)admin_.Shutdown(std::chrono::milliseconds(0));
    return absl::Status(s.code(), absl::StrCat("grpc: ", std::string(s.message())));
  }
  common::LogInfo("gRPC servers listening", {{"client_api_port", grpc_->client_api_port()},
                                             {"matrix_out_port", grpc_->matrix_out_port()}});
  startup_thread_ = std::thread([this] { StartupLoop(); });
  return absl::OkStatus();
}

void App::StartupLoop() {
  auto delay = kStartupRetryMin;
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    lock.unlock();
    absl::Status prepared = store_.Prepare();
    lock.lock();
    if (stopping_) {
      return;
    }
    if (prepared.ok() && !dispatching_) {
      prepared = dispatcher_->Start();
      dispatching_ = prepared.ok();
    }
    if (prepared.ok()) {
      absl::Status started = server_->Start();
      if (started.ok()) {
        serving_ = true;
        intake_status_ = absl::OkStatus();
        common::LogInfo("AS API listening",
                        {{"port", server_->port()}, {"shards", config_.dispatch.shards}});
        break;
      }
      // A port that cannot be bound does not heal by retrying: stay unready and say why.
      intake_status_ =
          absl::Status(started.code(), absl::StrCat("http.port: ", std::string(started.message())));
      common::LogError("AS API cannot listen", {{"error", StatusText(intake_status_)}});
      break;
    }
    if (intake_status_.ToString() != prepared.ToString()) {
      common::LogError("intake not ready, retrying", {{"error", StatusText(prepared)}});
    }
    intake_status_ = prepared;
    cv_.wait_for(lock, delay, [this] { return stopping_; });
    delay = std::min(delay * 2,
                     std::chrono::duration_cast<std::chrono::milliseconds>(kStartupRetryMax));
  }
  // Homeserver reachability is reported (gauge, log) but never blocks readiness.
  while (!stopping_) {
    lock.unlock();
    ProbeHomeserver();
    lock.lock();
    cv_.wait_for(lock, kHomeserverProbeInterval, [this] { return stopping_; });
  }
}

void App::ProbeHomeserver() {
  http::ClientRequest request;
  request.url = config_.homeserver.url + "/_matrix/client/versions";
  absl::StatusOr<http::Response> response = http_client_.Send(request);
  bool reachable = response.ok() && response->status == 200;
  if (homeserver_state_.exchange(reachable ? 1 : 0) != (reachable ? 1 : 0)) {
    if (reachable) {
      common::LogInfo("homeserver reachable");
    } else {
      common::LogWarn("homeserver unreachable",
                      {{"error", response.ok() ? absl::StrCat("HTTP ", response->status)
                                               : StatusText(response.status())}});
    }
  }
}

absl::Status App::IntakeReady() const {
  std::lock_guard<std::mutex> lock(mu_);
  return intake_status_;
}

void App::Stop(std::chrono::milliseconds drain_timeout) {
  bool was_serving = false;
  bool was_dispatching = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ && !startup_thread_.joinable()) {
      return;
    }
    stopping_ = true;
    was_serving = serving_;
    was_dispatching = dispatching_;
    intake_status_ = absl::UnavailableError("stopping");
  }
  cv_.notify_all();
  admin_.StartDrain();
  if (startup_thread_.joinable()) {
    startup_thread_.join();
  }
  if (was_serving) {
    server_->StartDrain();
    // Requests stored by the pool are answered before the server stops.
    absl::Status drained = server_->Shutdown(drain_timeout);
    if (!drained.ok()) {
      common::LogWarn("AS API drain incomplete", {{"error", StatusText(drained)}});
    }
  }
  grpc_->Stop(std::chrono::milliseconds(5000));
  if (was_dispatching) {
    dispatcher_->Stop();
  }
  executor_.Stop();
  media_executor_.Stop();
  (void)server_->Shutdown(std::chrono::milliseconds(0));
  (void)admin_.Shutdown(std::chrono::milliseconds(1000));
  common::LogInfo("stopped");
}

uint16_t App::as_api_port() const {
  std::lock_guard<std::mutex> lock(mu_);
  return serving_ ? server_->port() : 0;
}

uint16_t App::admin_port() const { return admin_.port(); }

int RunMain(int argc, const char* const* argv) {
  if (argc >= 2 && std::string_view(argv[1]) == "generate-registration") {
    absl::StatusOr<GenerateRegistrationArgs> args =
        ParseGenerateRegistrationArgs(std::vector<std::string>(argv + 2, argv + argc));
    if (!args.ok()) {
      std::cerr << args.status().message() << "\n";
      return 2;
    }
    absl::Status s = RunGenerateRegistration(*args, common::ProcessEnvironment(), std::cout);
    if (!s.ok()) {
      std::cerr << s.message() << "\n";
      return 1;
    }
    return 0;
  }
  if (argc >= 2 && std::string_view(argv[1]) == "dead") {
    return RunDead(std::vector<std::string>(argv + 2, argv + argc));
  }
  const common::ServiceInfo info{.program = kProgram, .version = kVersion, .print_help = PrintHelp};
  std::variant<int, common::ServiceStart<Config>> start = common::StartService<Config>(
      info, argc, argv, [](const common::ConfigSource& source, bool /*require_secrets*/) {
        return LoadConfig(source, common::ProcessEnvironment());
      });
  if (const int* exit_code = std::get_if<int>(&start)) {
    return *exit_code;
  }
  const auto& [flags, config] = std::get<common::ServiceStart<Config>>(start);
  if (flags.check_config) {
    std::cout << "configuration OK\n";
    return 0;
  }
  sigset_t stop_signals = common::BlockStopSignals();
  absl::StatusOr<std::unique_ptr<App>> app = App::Create(config);
  if (!app.ok()) {
    common::LogError("invalid configuration", {{"error", std::string(app.status().message())}});
    return 1;
  }
  if (absl::Status s = (*app)->Start(); !s.ok()) {
    common::LogError("startup failed", {{"error", StatusText(s)}});
    return 1;
  }
  common::LogInfo("started", {{"version", kVersion}, {"router_id", EffectiveRouterId(config)}});
  common::AwaitStopSignal(stop_signals);
  (*app)->Stop(std::chrono::seconds(10));
  return 0;
}

}  // namespace mxedge::appservice_router
