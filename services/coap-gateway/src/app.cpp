#include "app.hpp"

#include <pthread.h>
#include <signal.h>

#include <ctime>
#include <future>
#include <iostream>
#include <utility>

#include "mxedge/common/command_line.hpp"
#include "mxedge/common/environment.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/service_main.hpp"
#include "mxedge/common/str_cat.hpp"
#include "request_pipeline.hpp"

namespace mxedge::coap_gateway {
namespace {

constexpr char kProgram[] = "coap-gateway";
constexpr char kVersion[] = "0.1.0";
constexpr auto kDrainTimeout = std::chrono::seconds(5);
constexpr auto kLoopProbeTimeout = std::chrono::milliseconds(1000);
constexpr auto kCancelWait = std::chrono::milliseconds(2000);

http::HttpServerOptions AdminOptions(const Config& config) {
  http::HttpServerOptions options;
  options.bind_address = config.admin.listen_address;
  options.port = config.admin.port;
  options.threads = 1;
  return options;
}

CoapTransportSettings TransportSettings(const Config& config, const PskTable& psks) {
  CoapTransportSettings settings;
  settings.dtls_port = 0;
  if (!config.listen.dtls.empty()) {
    // Validated by LoadConfig.
    absl::StatusOr<ListenAddress> dtls = ParseListenAddress("listen.dtls", config.listen.dtls);
    settings.dtls_bind_address = dtls->host;
    settings.dtls_port = dtls->port;
  }
  settings.plain_port = 0;
  if (!config.listen.plain.empty()) {
    absl::StatusOr<ListenAddress> plain = ParseListenAddress("listen.plain", config.listen.plain);
    settings.plain_bind_address = plain->host;
    settings.plain_port = plain->port;
  }
  settings.certificate_file = config.dtls.cert_file;
  settings.private_key_file = config.dtls.key_file;
  settings.ca_file = config.dtls.ca_file;
  settings.psk_keys = psks.ToMap();
  settings.session_tickets = config.dtls.session_tickets;
  settings.piggyback_window = config.coap.piggyback_window;
  settings.max_sessions = static_cast<std::size_t>(config.sessions.max_total);
  settings.max_sessions_per_source = static_cast<std::size_t>(config.sessions.max_per_source);
  settings.session_idle_timeout =
      std::chrono::duration_cast<std::chrono::seconds>(config.sessions.idle_timeout);
  return settings;
}

absl::StatusOr<PskTable> LoadPsks(const Config& config) {
  PskTable table;
  if (!config.dtls.psk_file.empty()) {
    absl::StatusOr<std::string> text = ReadCredentialFile("dtls.psk_file", config.dtls.psk_file);
    if (!text.ok()) {
      return text.status();
    }
    if (absl::Status s =
            table.AddFromText(*text, common::Cat("dtls.psk_file: ", config.dtls.psk_file));
        !s.ok()) {
      return s;
    }
  }
  if (!config.dtls.psks.empty()) {
    if (absl::Status s = table.AddFromText(config.dtls.psks, "dtls.psks (MXEDGE_DTLS_PSKS)");
        !s.ok()) {
      return s;
    }
  }
  return table;
}

void PrintHelp() {
  std::cout << common::CommandLineUsage(kProgram) << "\nConfiguration keys (file < environment):\n"
            << GatewayConfigSchema().Describe();
}

}  // namespace

std::unique_ptr<ExchangeHandler> MakeRequestPipeline(const HandlerContext& context) {
  const Config& config = context.config;
  RequestPipelineSettings settings;
  settings.translate.api_version = ApiVersion(config);
  settings.translate.sticky_tokens = config.coap.sticky_tokens;
  settings.translate.max_body_bytes = static_cast<std::size_t>(config.coap.max_body_bytes);
  settings.enum_version.default_version =
      static_cast<std::uint32_t>(config.matrix.cbor_enum_version);
  settings.sync_filter.enabled = config.sync.default_filter;
  settings.sync_filter.lazy_load_members = config.sync.lazy_load_members;
  settings.sync_filter.timeline_limit = static_cast<std::uint32_t>(config.sync.timeline_limit);
  settings.upstream_deadline = config.router.deadline;
  settings.dtls_port = 0;
  if (!config.listen.dtls.empty()) {
    settings.dtls_port = ParseListenAddress("listen.dtls", config.listen.dtls)->port;
  }
  settings.exchanges.lifetime = config.coap.exchange_lifetime;
  settings.block1.max_body_bytes = static_cast<std::size_t>(config.coap.max_body_bytes);
  settings.block1.transfer_timeout = config.coap.block_transfer_timeout;
  settings.block2.ttl = config.coap.block_transfer_timeout;
  settings.observe.limits.max_total = static_cast<std::size_t>(config.observe.max_registrations);
  settings.observe.limits.max_per_session =
      static_cast<std::size_t>(config.observe.max_per_session);
  settings.observe.limits.poll_timeout_ms =
      static_cast<std::uint32_t>(config.observe.poll_timeout.count());
  settings.observe.poll_deadline = config.router.deadline;
  settings.observe.max_age_seconds = static_cast<std::uint32_t>(
      std::chrono::duration_cast<std::chrono::seconds>(config.observe.max_age).count());
  auto pipeline = std::make_unique<RequestPipeline>(std::move(settings), context.upstream,
                                                    context.metrics, context.clock);
  pipeline->Bind(context.transport, context.poster);
  return pipeline;
}

// Lets the transport be built before the handler that needs the transport: the transport keeps
// this reference, and calls reach the handler once it is set (no request arrives before
// Start(), which runs after the handler exists).
class App::ForwardingHandler final : public ExchangeHandler {
 public:
  void Set(ExchangeHandler* target) { target_ = target; }
  HandleResult OnRequest(const InboundRequest& request, ExchangeId id) override {
    return target_->OnRequest(request, id);
  }
  void OnNack(SessionId session, std::uint16_t message_id, NackReason reason) override {
    target_->OnNack(session, message_id, reason);
  }
  void OnSessionClosed(SessionId session) override { target_->OnSessionClosed(session); }

 private:
  ExchangeHandler* target_ = nullptr;
};

absl::StatusOr<std::unique_ptr<App>> App::Create(Config config, HandlerFactory handlers,
                                                 ClientApiUpstream* upstream) {
  if (!config.listen.dtls.empty() && !config.dtls.cert_file.empty()) {
    absl::StatusOr<CertificateInfo> info =
        CheckCertificateFiles(config.dtls.cert_file, config.dtls.key_file, config.dtls.ca_file);
    if (!info.ok()) {
      return info.status();
    }
    long long now = static_cast<long long>(std::time(nullptr));
    common::LogInfo(
        "DTLS certificate",
        {{"subject", info->subject}, {"key", info->key_type}, {"not_after", info->not_after}});
    if (info->not_after < now || info->not_before > now) {
      common::LogWarn("DTLS certificate outside its validity period",
                      {{"subject", info->subject},
                       {"not_before", info->not_before},
                       {"not_after", info->not_after}});
    }
  }
  absl::StatusOr<PskTable> psks = LoadPsks(config);
  if (!psks.ok()) {
    return psks.status();
  }
  if (!config.listen.dtls.empty()) {
    common::LogInfo("DTLS credentials",
                    {{"x509", !config.dtls.cert_file.empty()}, {"psk_identities", psks->size()}});
  }
  return std::unique_ptr<App>(
      new App(std::move(config), std::move(*psks), std::move(handlers), upstream));
}

App::App(Config config, PskTable psks, HandlerFactory handlers, ClientApiUpstream* upstream)
    : config_(std::move(config)),
      psks_(std::move(psks)),
      own_upstream_(upstream != nullptr
                        ? nullptr
                        : GrpcClientApiUpstream::Create(
                              [this] {
                                GrpcClientApiUpstreamOptions options;
                                options.target = config_.router.address;
                                options.internal_token = config_.grpc.internal_token;
                                options.keepalive_time = config_.router.keepalive_time;
                                return options;
                              }(),
                              &registry_)),
      upstream_(upstream != nullptr ? *upstream : *own_upstream_),
      forward_(std::make_unique<ForwardingHandler>()),
      admin_(AdminOptions(config_)) {
  transport_ = std::make_unique<CoapTransport>(TransportSettings(config_, psks_), *forward_,
                                               registry_, common::SystemClock::Instance());
  handler_ = handlers(HandlerContext{config_, *transport_, *transport_, upstream_, registry_,
                                     common::SystemClock::Instance()});
  forward_->Set(handler_.get());
  if (own_upstream_) {
    registry_.AddCallbackGauge("mxedge_coap_gateway_router_calls_in_flight",
                               "ClientApi calls waiting for the router.",
                               [this] { return static_cast<double>(own_upstream_->in_flight()); });
  }
}

App::~App() { Stop(std::chrono::milliseconds(0)); }

absl::Status App::Start() {
  admin_.SetMetricsRenderer([this] { return registry_.RenderText(); });
  admin_.AddReadinessCheck("coap_loop", [this] { return LoopAlive(kLoopProbeTimeout); });
  admin_.AddReadinessCheck("coap_endpoints", [this]() -> absl::Status {
    if (!started_.load()) {
      return absl::UnavailableError("CoAP endpoints not bound");
    }
    return absl::OkStatus();
  });
  if (absl::Status s = admin_.Start(); !s.ok()) {
    return absl::Status(s.code(), common::Cat("admin.port: ", s.message()));
  }
  common::LogInfo("admin server listening", {{"port", admin_.port()}});
  if (absl::Status s = transport_->Start(); !s.ok()) {
    admin_.StartDrain();
    (void)admin_.Shutdown(std::chrono::milliseconds(0));
    return absl::Status(s.code(), common::Cat("listen: ", s.message()));
  }
  started_.store(true);
  common::LogInfo("CoAP endpoints listening", {{"dtls", config_.listen.dtls},
                                               {"plain", config_.listen.plain},
                                               {"router", config_.router.address}});
  return absl::OkStatus();
}

absl::Status App::LoopAlive(std::chrono::milliseconds timeout) const {
  if (!started_.load()) {
    return absl::UnavailableError("CoAP loop not started");
  }
  auto answered = std::make_shared<std::promise<void>>();
  std::future<void> future = answered->get_future();
  transport_->Post([answered] { answered->set_value(); });
  if (future.wait_for(timeout) != std::future_status::ready) {
    return absl::UnavailableError("CoAP loop does not answer");
  }
  return absl::OkStatus();
}

void App::Stop(std::chrono::milliseconds drain_timeout) {
  if (stopped_.exchange(true)) {
    return;
  }
  admin_.StartDrain();
  if (started_.load() && own_upstream_ && drain_timeout.count() > 0) {
    if (!own_upstream_->WaitForIdle(drain_timeout)) {
      common::LogWarn("drain incomplete: router calls still running",
                      {{"in_flight", own_upstream_->in_flight()}});
    }
  }
  transport_->Stop();
  started_.store(false);
  if (own_upstream_) {
    own_upstream_->CancelAll();
    if (!own_upstream_->WaitForIdle(kCancelWait)) {
      common::LogWarn("router calls outlive the stop", {{"in_flight", own_upstream_->in_flight()}});
    }
  }
  (void)admin_.Shutdown(std::chrono::milliseconds(1000));
  common::LogInfo("stopped");
}

uint16_t App::admin_port() const { return admin_.port(); }

int RunMain(int argc, const char* const* argv) {
  const common::ServiceInfo info{.program = kProgram, .version = kVersion, .print_help = PrintHelp};
  std::variant<int, common::ServiceStart<Config>> start = common::StartService<Config>(
      info, argc, argv, [](const common::ConfigSource& source, bool /*require_secrets*/) {
        return LoadConfig(source, common::ProcessEnvironment());
      });
  if (const int* exit_code = std::get_if<int>(&start)) {
    return *exit_code;
  }
  const auto& [flags, config] = std::get<common::ServiceStart<Config>>(start);
  sigset_t stop_signals = common::BlockStopSignals();
  absl::StatusOr<std::unique_ptr<App>> app = App::Create(config, MakeRequestPipeline);
  if (!app.ok()) {
    common::LogError("invalid configuration", {{"error", std::string(app.status().message())}});
    return 1;
  }
  if (flags.check_config) {
    std::cout << "configuration OK\n";
    return 0;
  }
  if (absl::Status s = (*app)->Start(); !s.ok()) {
    common::LogError("startup failed", {{"error", s.ToString()}});
    return 1;
  }
  common::LogInfo("started", {{"version", kVersion}});
  common::AwaitStopSignal(stop_signals);
  (*app)->Stop(kDrainTimeout);
  return 0;
}

}  // namespace mxedge::coap_gateway
