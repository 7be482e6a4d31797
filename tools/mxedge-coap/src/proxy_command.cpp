#include "proxy_command.hpp"

#include <pthread.h>
#include <signal.h>

#include <mutex>
#include <ostream>

#include "coap_url.hpp"
#include "libcoap_client.hpp"
#include "media_forwarder.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/http/curl_http_client.hpp"
#include "proxy_server.hpp"

namespace mxedge::coap_cli {
namespace {

// Requests the proxy keeps outstanding on its one session.
constexpr std::uint16_t kProxyNstart = 8;

}  // namespace

int RunProxy(const ProxyOptions& options, std::ostream& err) {
  absl::StatusOr<CoapUrl> url = ParseCoapUrl(options.gateway_url, PathCompression::kNone);
  if (!url.ok()) {
    err << "mxedge-coap proxy: " << url.status().message() << "\n";
    return 2;
  }
  if (!url->path.empty() || !url->query.empty()) {
    err << "mxedge-coap proxy: the gateway URL takes no path or query\n";
    return 2;
  }
  const bool dtls_flags =
      options.dtls.UsesPsk() || !options.dtls.ca_file.empty() || options.dtls.insecure;
  if (dtls_flags && !url->secure) {
    err << "mxedge-coap proxy: --psk, --ca and --insecure need a coaps:// URL\n";
    return 2;
  }

  // Signals are waited for on this thread; every thread started below inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  LibcoapClientOptions client_options;
  client_options.host = url->host;
  client_options.port = url->port;
  client_options.secure = url->secure;
  client_options.dtls = options.dtls;
  client_options.request_timeout = options.timeout;
  // Clients poll /sync while they send: without this a send waits behind the sync's ACK.
  client_options.nstart = kProxyNstart;
  std::mutex trace_mu;
  if (options.trace) {
    client_options.trace = [&err, &trace_mu](std::string_view line) {
      std::lock_guard lock(trace_mu);
      err << line << "\n";
      err.flush();
    };
  }
  absl::StatusOr<std::unique_ptr<LibcoapClient>> client =
      LibcoapClient::Start(std::move(client_options));
  if (!client.ok()) {
    err << "mxedge-coap proxy: " << client.status().message() << "\n";
    return 1;
  }

  std::unique_ptr<http::CurlHttpClient> http_client;
  std::unique_ptr<MediaForwarder> media;
  if (options.media_upstream.has_value()) {
    http::CurlHttpClientOptions curl_options;
    curl_options.user_agent = "mxedge-coap";
    http_client = std::make_unique<http::CurlHttpClient>(curl_options);
    media = std::make_unique<MediaForwarder>(*http_client, *options.media_upstream);
  }

  ProxyServerOptions server_options;
  server_options.listen_host = options.listen_host;
  server_options.listen_port = static_cast<std::uint16_t>(options.listen_port);
  ProxyServer server(server_options, **client, media.get());
  if (absl::Status status = server.Start(); !status.ok()) {
    err << "mxedge-coap proxy: cannot listen on " << options.listen_host << ":"
        << options.listen_port << ": " << status.message() << "\n";
    return 1;
  }
  common::LogInfo("proxy listening",
                  {{"listen", common::Cat(options.listen_host, ":", server.port())},
                   {"gateway", url->Origin()},
                   {"media_upstream", options.media_upstream.value_or("")}});

  int received = 0;
  sigwait(&signals, &received);
  common::LogInfo("proxy stopping", {{"signal", received}});
  if (absl::Status status = server.Shutdown(std::chrono::seconds(5)); !status.ok()) {
    common::LogWarn("proxy stopped with requests in flight",
                    {{"error", common::Std(status.message())}});
  }
  client->reset();
  return 0;
}

}  // namespace mxedge::coap_cli
