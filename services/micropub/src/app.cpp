#include "app.hpp"

#include <grpcpp/create_channel.h>
#include <grpcpp/support/client_interceptor.h>
#include <pthread.h>
#include <signal.h>

#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "bot.hpp"
#include "client_pages.hpp"
#include "link_completer.hpp"
#include "matrix_out_actions.hpp"
#include "micropub_metrics.hpp"
#include "mxedge/common/command_line.hpp"
#include "mxedge/common/environment.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/metrics_registry.hpp"
#include "mxedge/common/secret_box.hpp"
#include "mxedge/common/service_main.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/http/curl_http_client.hpp"
#include "mxedge/indieweb/discovery.hpp"
#include "mxedge/indieweb/guarded_http_client.hpp"
#include "mxedge/indieweb/indieauth_client.hpp"
#include "mxedge/indieweb/resolver.hpp"
#include "mxedge/indieweb/url_guard.hpp"
#include "mxedge/redis/hiredis_client.hpp"
#include "mxedge/rpc/bearer_token.hpp"
#include "mxedge/rpc/channel_factory.hpp"
#include "redis_micropub_store.hpp"
#include "sink_service.hpp"

namespace mxedge::micropub {
namespace {

constexpr char kProgram[] = "micropub";
constexpr char kVersion[] = "0.1.0";
constexpr auto kDrainTimeout = std::chrono::seconds(5);
constexpr auto kRedisProbeTimeout = std::chrono::milliseconds(500);

// Adds `authorization: Bearer <token>` to every call on the MatrixOut channel (call credentials
// are not sent over plaintext channels).
class BearerInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit BearerInterceptor(std::string header) : header_(std::move(header)) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace(std::string(rpc::kAuthorizationKey), header_);
    }
    methods->Proceed();
  }

 private:
  std::string header_;
};

class BearerInterceptorFactory final
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit BearerInterceptorFactory(std::string token) : header_("Bearer " + std::move(token)) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* /*info*/) override {
    return new BearerInterceptor(header_);
  }

 private:
  std::string header_;
};

std::shared_ptr<mxedge::v1::MatrixOut::StubInterface> MatrixOutStub(const Config& config) {
  rpc::ChannelOptions options;
  options.target = config.router.matrix_out_address;
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> factories;
  factories.push_back(std::make_unique<BearerInterceptorFactory>(config.grpc.internal_token));
  std::shared_ptr<grpc::Channel> channel = grpc::experimental::CreateCustomChannelWithInterceptors(
      options.target, grpc::InsecureChannelCredentials(), rpc::MakeChannelArguments(options),
      std::move(factories));
  return mxedge::v1::MatrixOut::NewStub(channel);
}

// The EventSink as served: the internal token is checked before SinkService sees the call.
class AuthenticatedSink final : public mxedge::v1::EventSink::Service {
 public:
  AuthenticatedSink(SinkService& inner, std::string token)
      : inner_(inner), verifier_(std::move(token)) {}

  grpc::Status Deliver(grpc::ServerContext* context, const mxedge::v1::DeliverRequest* request,
                       mxedge::v1::DeliverReply* reply) override {
    if (grpc::Status s = verifier_.CheckGrpc(*context); !s.ok()) {
      return s;
    }
    return inner_.Deliver(context, request, reply);
  }
  grpc::Status QueryUser(grpc::ServerContext* context, const mxedge::v1::QueryUserRequest* request,
                         mxedge::v1::QueryUserReply* reply) override {
    if (grpc::Status s = verifier_.CheckGrpc(*context); !s.ok()) {
      return s;
    }
    return inner_.QueryUser(context, request, reply);
  }
  grpc::Status QueryAlias(grpc::ServerContext* context,
                          const mxedge::v1::QueryAliasRequest* request,
                          mxedge::v1::QueryAliasReply* reply) override {
    if (grpc::Status s = verifier_.CheckGrpc(*context); !s.ok()) {
      return s;
    }
    return inner_.QueryAlias(context, request, reply);
  }

 private:
  SinkService& inner_;
  rpc::BearerTokenVerifier verifier_;
};

http::HttpServerOptions ServerOptions(const std::string& address, uint16_t port, int threads) {
  http::HttpServerOptions options;
  options.bind_address = address;
  options.port = port;
  options.threads = threads;
  options.max_body_bytes = 64 * 1024;
  return options;
}

http::Response ToResponse(const Page& page) {
  http::Response response;
  response.status = page.status;
  response.body = page.body;
  http::SetHeader(response.headers, "Content-Type", page.content_type);
  http::SetHeader(response.headers, "Cache-Control", "no-store");
  return response;
}

void PrintHelp() {
  std::cout << common::CommandLineUsage(kProgram) << "\nConfiguration keys (file < environment):\n"
            << MicropubConfigSchema().Describe();
}

}  // namespace

struct App::Parts {
  Parts(const Config& config, std::unique_ptr<redis::HiredisClient> redis_client,
        common::SecretBox secret_box)
      : metrics(registry),
        redis(std::move(redis_client)),
        box(std::move(secret_box)),
        store(*redis, box, config.redis.key_prefix),
        matrix(MatrixOutStub(config), config.bot.user_id, config.router.deadline),
        curl([&] {
          http::CurlHttpClientOptions options;
          options.default_timeout = config.web.timeout;
          options.user_agent = "mxedge-micropub";
          return options;
        }()),
        guard(resolver, indieweb::UrlGuardOptions{config.web.allow_loopback_for_tests}),
        web(curl, guard,
            [&] {
              indieweb::GuardedHttpClientOptions options;
              options.timeout = config.web.timeout;
              return options;
            }()),
        discoverer(web),
        auth(web, discoverer, Client(config), common::SystemClock::Instance(), Profile(config)),
        bot(store, matrix, web, discoverer, auth, Options(config), common::SystemClock::Instance(),
            metrics),
        sink(bot, config.bot.user_id),
        authenticated_sink(sink, config.grpc.internal_token),
        completer(store, matrix, web, auth, common::SystemClock::Instance()) {}

  static indieweb::ClientIdentity Client(const Config& config) {
    return indieweb::ClientIdentity{ClientId(config), RedirectUri(config)};
  }
  static indieweb::ProfileUrlOptions Profile(const Config& config) {
    indieweb::ProfileUrlOptions options;
    options.allow_port = config.web.allow_loopback_for_tests;
    options.allow_ip_host = config.web.allow_loopback_for_tests;
    return options;
  }
  static BotOptions Options(const Config& config) {
    BotOptions options;
    options.bot_user_id = config.bot.user_id;
    options.client = Client(config);
    options.scope = config.bot.scope;
    options.mapping.reactions_as_likes = config.bot.reactions_as_likes;
    options.mapping.url_only_as_bookmark = config.bot.url_only_as_bookmark;
    options.profile = Profile(config);
    options.post_rate.posts_per_hour = config.limits.posts_per_hour;
    options.post_rate.burst = config.limits.post_burst;
    options.site.site_concurrency = config.limits.site_concurrency;
    options.site.site_wait = config.limits.site_wait;
    options.site.refresh_skew = config.limits.refresh_skew;
    return options;
  }

  common::MetricsRegistry registry;
  MicropubMetrics metrics;
  std::unique_ptr<redis::HiredisClient> redis;
  common::SecretBox box;
  RedisMicropubStore store;
  MatrixOutActions matrix;
  http::CurlHttpClient curl;
  indieweb::SystemResolver resolver;
  indieweb::UrlGuard guard;
  indieweb::GuardedHttpClient web;
  indieweb::Discoverer discoverer;
  indieweb::IndieAuthClient auth;
  Bot bot;
  SinkService sink;
  AuthenticatedSink authenticated_sink;
  LinkCompleter completer;
};

absl::StatusOr<std::unique_ptr<App>> App::Create(Config config) {
  absl::StatusOr<common::SecretBox> box = common::SecretBox::Create(config.redis.encryption_key);
  if (!box.ok()) {
    return absl::InvalidArgumentError(
        common::Cat("redis.encryption_key: ", box.status().message()));
  }
  redis::HiredisOptions redis_options;
  redis_options.url = config.redis.url;
  absl::StatusOr<std::unique_ptr<redis::HiredisClient>> redis =
      redis::HiredisClient::Create(redis_options);
  if (!redis.ok()) {
    return absl::InvalidArgumentError(common::Cat("redis.url: ", redis.status().message()));
  }
  auto parts = std::make_unique<Parts>(config, std::move(*redis), std::move(*box));
  return std::unique_ptr<App>(new App(std::move(config), std::move(parts)));
}

App::App(Config config, std::unique_ptr<Parts> parts)
    : config_(std::move(config)),
      parts_(std::move(parts)),
      http_(ServerOptions(config_.http.listen_address, config_.http.port, 4)),
      admin_(ServerOptions(config_.admin.listen_address, config_.admin.port, 1)) {
  RouteHttp();
}

App::~App() { Stop(std::chrono::milliseconds(0)); }

void App::RouteHttp() {
  ClientInfo client{ClientId(config_), RedirectUri(config_)};
  http_.Route("GET", "/", [client](const http::Request& request, http::Responder responder) {
    responder.Send(ToResponse(ClientMetadataPage(client, request.Header("Accept").value_or(""))));
  });
  http_.Route("GET", kRedirectPath,
              [this](const http::Request& request, http::Responder responder) {
                absl::StatusOr<LinkOutcome> outcome = parts_->completer.Complete(request.query);
                if (outcome.ok()) {
                  parts_->metrics.CountLink("authorized");
                } else {
                  common::LogInfo("link not completed",
                                  {{"error", std::string(outcome.status().message())}});
                }
                responder.Send(ToResponse(LinkResultPage(outcome)));
              });
}

absl::Status App::Start() {
  admin_.SetMetricsRenderer([this] { return parts_->registry.RenderText(); });
  admin_.AddReadinessCheck("redis", [this]() -> absl::Status {
    redis::CallOptions options;
    options.timeout = kRedisProbeTimeout;
    absl::StatusOr<redis::Reply> reply =
        parts_->redis->Execute(std::vector<std::string>{"PING"}, options);
    if (!reply.ok()) {
      return reply.status();
    }
    if (reply->IsError()) {
      return absl::UnavailableError("redis answers PING with an error");
    }
    return absl::OkStatus();
  });
  admin_.AddReadinessCheck("servers", [this]() -> absl::Status {
    if (!started_.load()) {
      return absl::UnavailableError("HTTP and gRPC servers not bound");
    }
    return absl::OkStatus();
  });
  if (absl::Status s = admin_.Start(); !s.ok()) {
    return absl::Status(s.code(), common::Cat("admin.port: ", s.message()));
  }
  common::LogInfo("admin server listening", {{"port", admin_.port()}});
  if (absl::Status s = http_.Start(); !s.ok()) {
    Stop(std::chrono::milliseconds(0));
    return absl::Status(s.code(), common::Cat("http.port: ", s.message()));
  }
  rpc::RpcServerOptions rpc_options;
  rpc_options.listen_address = config_.grpc.listen;
  rpc_options.name = "event-sink";
  absl::StatusOr<std::unique_ptr<rpc::RpcServer>> rpc =
      rpc::RpcServer::Start(rpc_options, {&parts_->authenticated_sink});
  if (!rpc.ok()) {
    Stop(std::chrono::milliseconds(0));
    return absl::Status(rpc.status().code(), common::Cat("grpc.listen: ", rpc.status().message()));
  }
  rpc_ = std::move(*rpc);
  started_.store(true);
  common::LogInfo("micropub listening", {{"http_port", http_.port()},
                                         {"grpc_port", rpc_->port()},
                                         {"client_id", ClientId(config_)},
                                         {"router", config_.router.matrix_out_address}});
  return absl::OkStatus();
}

void App::Stop(std::chrono::milliseconds drain_timeout) {
  if (stopped_.exchange(true)) {
    return;
  }
  started_.store(false);
  admin_.StartDrain();
  http_.StartDrain();
  if (rpc_) {
    rpc_->Shutdown(drain_timeout);
  }
  if (absl::Status s = http_.Shutdown(drain_timeout); !s.ok()) {
    common::LogWarn("HTTP drain incomplete", {{"error", std::string(s.message())}});
  }
  (void)admin_.Shutdown(std::chrono::milliseconds(1000));
  common::LogInfo("stopped");
}

uint16_t App::admin_port() const { return admin_.port(); }
uint16_t App::http_port() const { return http_.port(); }
int App::grpc_port() const { return rpc_ ? rpc_->port() : 0; }

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
  absl::StatusOr<std::unique_ptr<App>> app = App::Create(config);
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

}  // namespace mxedge::micropub
