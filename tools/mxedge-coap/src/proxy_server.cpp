#include "proxy_server.hpp"

#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"
#include "proxy_translator.hpp"

namespace mxedge::coap_cli {
namespace {

void AddCors(http::Response& response) {
  http::SetHeader(response.headers, "Access-Control-Allow-Origin", "*");
  http::SetHeader(response.headers, "Access-Control-Allow-Methods",
                  "GET, POST, PUT, DELETE, OPTIONS");
  http::SetHeader(response.headers, "Access-Control-Allow-Headers",
                  "X-Requested-With, Content-Type, Authorization");
}

void Answer(const http::Responder& responder, http::Response response) {
  AddCors(response);
  responder.Send(std::move(response));
}

}  // namespace

ProxyServer::ProxyServer(ProxyServerOptions options, CoapTransport& transport,
                         const MediaForwarder* media)
    : options_(std::move(options)), transport_(transport), media_(media) {}

ProxyServer::~ProxyServer() {
  if (server_ != nullptr) {
    (void)Shutdown(std::chrono::milliseconds(1000));
  }
}

absl::Status ProxyServer::Start() {
  http::HttpServerOptions server_options;
  server_options.bind_address = options_.listen_host;
  server_options.port = options_.listen_port;
  server_options.threads = options_.http_threads;
  server_ = std::make_unique<http::HttpServer>(server_options);
  server_->SetFallback([this](const http::Request& request, http::Responder responder) {
    Handle(request, std::move(responder));
  });
  return server_->Start();
}

std::uint16_t ProxyServer::port() const { return server_ == nullptr ? 0 : server_->port(); }

absl::Status ProxyServer::Shutdown(std::chrono::milliseconds timeout) {
  absl::Status status = absl::OkStatus();
  if (server_ != nullptr) {
    server_->StartDrain();
    status = server_->Shutdown(timeout);
    server_.reset();
  }
  std::vector<MediaThread> threads;
  {
    std::lock_guard lock(media_mu_);
    threads.swap(media_threads_);
  }
  for (MediaThread& media : threads) {
    media.thread.join();
  }
  return status;
}

void ProxyServer::Handle(const http::Request& request, http::Responder responder) {
  if (request.method == "OPTIONS") {
    Answer(responder, http::Response::Json(200, "{}"));
    return;
  }
  if (IsMediaPath(request.raw_path)) {
    HandleMedia(request, std::move(responder));
    return;
  }
  absl::StatusOr<CoapRequest> coap = HttpToCoap(request);
  if (!coap.ok()) {
    common::LogDebug("request not carried over CoAP",
                     {{"method", request.method}, {"error", common::Std(coap.status().message())}});
    Answer(responder, ErrorToHttp(coap.status()));
    return;
  }
  common::LogDebug("proxying over CoAP", {{"method", request.method},
                                          {"path", request.raw_path},
                                          {"coap_body_bytes", coap->body.size()}});
  // Where this client reached the proxy, for rewriting the homeserver's advertised URL.
  const std::string proxy_base_url =
      common::Cat("http://", request.Header("Host").value_or(
                                 common::Cat(options_.listen_host, ":", options_.listen_port)));
  transport_.Send(*std::move(coap), [responder, raw_path = request.raw_path,
                                     proxy_base_url](absl::StatusOr<CoapResponse> answer) {
    if (!answer.ok()) {
      common::LogDebug("no CoAP answer", {{"error", common::Std(answer.status().message())}});
      Answer(responder, ErrorToHttp(answer.status()));
      return;
    }
    common::LogDebug("CoAP answer",
                     {{"code", answer->code.ToString()}, {"coap_body_bytes", answer->body.size()}});
    Answer(responder, RewriteHomeserverBaseUrl(CoapToHttp(*answer), raw_path, proxy_base_url));
  });
}

void ProxyServer::HandleMedia(const http::Request& request, http::Responder responder) {
  if (media_ == nullptr) {
    Answer(responder,
           http::Response::MatrixError(404, "M_UNRECOGNIZED",
                                       "media is not carried over CoAP; start the proxy with "
                                       "--media-upstream http://homeserver:8008"));
    return;
  }
  if (media_in_flight_.fetch_add(1) >= options_.max_media_in_flight) {
    media_in_flight_.fetch_sub(1);
    Answer(responder,
           http::Response::MatrixError(503, "M_LIMIT_EXCEEDED", "too many media requests"));
    return;
  }
  std::lock_guard lock(media_mu_);
  for (auto it = media_threads_.begin(); it != media_threads_.end();) {
    if (it->done->load()) {
      it->thread.join();
      it = media_threads_.erase(it);
    } else {
      ++it;
    }
  }
  auto done = std::make_shared<std::atomic<bool>>(false);
  std::thread thread([this, request, responder, done] {
    Answer(responder, media_->Forward(request));
    media_in_flight_.fetch_sub(1);
    done->store(true);
  });
  media_threads_.push_back(MediaThread{std::move(thread), std::move(done)});
}

}  // namespace mxedge::coap_cli
