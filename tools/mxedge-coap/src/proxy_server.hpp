#pragma once
// `mxedge-coap proxy`: an HTTP server for ordinary Matrix clients whose requests travel to the
// gateway over one CoAP session (see proxy_translator.hpp), with media passed to the homeserver
// over HTTP when a media upstream is configured.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "coap_transport.hpp"
#include "media_forwarder.hpp"
#include "mxedge/http/http_server.hpp"

namespace mxedge::coap_cli {

struct ProxyServerOptions {
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8009;  // 0: ephemeral
  int http_threads = 2;
  // Media requests run on their own threads (they block on the upstream); more at once → 503.
  int max_media_in_flight = 16;
};

class ProxyServer {
 public:
  // `media` may be null: media paths then answer 404 M_UNRECOGNIZED.
  ProxyServer(ProxyServerOptions options, CoapTransport& transport, const MediaForwarder* media);
  ~ProxyServer();
  ProxyServer(const ProxyServer&) = delete;
  ProxyServer& operator=(const ProxyServer&) = delete;

  absl::Status Start();
  std::uint16_t port() const;
  // Stops accepting, waits up to `timeout` for answers in flight, joins media threads.
  absl::Status Shutdown(std::chrono::milliseconds timeout);

  // Handles one request (the HTTP server's fallback; public for tests).
  void Handle(const http::Request& request, http::Responder responder);

 private:
  void HandleMedia(const http::Request& request, http::Responder responder);

  ProxyServerOptions options_;
  CoapTransport& transport_;
  const MediaForwarder* media_;
  std::unique_ptr<http::HttpServer> server_;
  struct MediaThread {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  std::mutex media_mu_;
  std::vector<MediaThread> media_threads_;  // guarded by media_mu_; finished ones joined lazily
  std::atomic<int> media_in_flight_{0};
};

}  // namespace mxedge::coap_cli
