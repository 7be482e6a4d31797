#pragma once
// An HTTP/1.1 server over Pistache with its workarounds applied (see docs/adr/http.md): a real body
// limit, percent-decoded route and query parameters, keep-alive for HTTP/1.1 clients that don't
// ask for it, 404 vs 405, deferred answers, drain-then-shutdown, and a last-resort catch around
// every handler. Pistache stays out of this header.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "mxedge/http/request.hpp"
#include "mxedge/http/responder.hpp"

namespace mxedge::http {

struct HttpServerOptions {
  std::string bind_address = "127.0.0.1";
  uint16_t port = 0;  // 0: an ephemeral port, reported by HttpServer::port()
  int threads = 2;
  size_t max_body_bytes = size_t{64} << 20;      // Pistache's own default is 4 KB
  size_t max_response_bytes = size_t{64} << 20;  // larger answers become 500 (and an ERROR)
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{60'000};
  std::chrono::milliseconds idle_timeout{60'000};  // keep-alive connection idle time
};

using Handler = std::function<void(const Request&, Responder)>;
// Called for a path that some route matches but not with this method; `allowed` lists methods.
using MethodNotAllowedHandler =
    std::function<void(const Request&, const std::vector<std::string>& allowed, Responder)>;
// Called once per answered request: method, route pattern ("" if unmatched), status, seconds.
using RequestObserver =
    std::function<void(std::string_view method, std::string_view route, int status, double)>;

class HttpServer {
 public:
  explicit HttpServer(HttpServerOptions options);
  ~HttpServer();  // Shutdown() with no wait if still running
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Registers a route before Start(). `pattern` segments starting with ':' capture one
  // path segment, e.g. "/_matrix/app/v1/transactions/:txnId". Exact routes win over captures.
  void Route(std::string_view method, std::string_view pattern, Handler handler);
  // Answers unknown paths (default: 404 M_UNRECOGNIZED).
  void SetFallback(Handler handler);
  // Answers known paths with a wrong method (default: 405 M_UNRECOGNIZED with an Allow header).
  void SetMethodNotAllowed(MethodNotAllowedHandler handler);
  void SetObserver(RequestObserver observer);

  // Binds and starts serving on background threads.
  absl::Status Start();
  // The bound port (after Start()).
  uint16_t port() const;
  // "http://127.0.0.1:<port>".
  std::string base_url() const;

  // Readiness goes false; requests are still served until Shutdown(), each answered with
  // `Connection: Close` so keep-alive clients move to another replica.
  void StartDrain();
  bool draining() const;
  // Requests accepted and not yet fully answered.
  size_t in_flight() const;
  // Waits until no request is in flight (or `timeout` passes), then stops Pistache. Returns
  // DeadlineExceeded naming the count when requests were still in flight. Idempotent. Never call
  // it from a handler (it joins the threads handlers run on).
  absl::Status Shutdown(std::chrono::milliseconds timeout);

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace mxedge::http
