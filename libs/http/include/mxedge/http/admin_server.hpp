#pragma once
// The admin port every service exposes: /healthz, /readyz (named checks, 503 with per-check JSON,
// false while draining) and /metrics (text from the service's metrics registry).
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "mxedge/http/http_server.hpp"

namespace mxedge::http {

class AdminServer {
 public:
  using ReadinessCheck = std::function<absl::Status()>;
  using MetricsRenderer = std::function<std::string()>;

  explicit AdminServer(HttpServerOptions options);
  ~AdminServer();

  // Registers before or after Start(); checks run on every /readyz, in name order.
  void AddReadinessCheck(std::string name, ReadinessCheck check);
  void SetMetricsRenderer(MetricsRenderer renderer);
  // Feeds the underlying server's request observer (for the admin port's own RED metrics).
  void SetObserver(RequestObserver observer);

  absl::Status Start();
  uint16_t port() const;
  std::string base_url() const;
  // /readyz answers 503 from now on.
  void StartDrain();
  bool draining() const;
  absl::Status Shutdown(std::chrono::milliseconds timeout);

 private:
  struct State;
  std::shared_ptr<State> state_;
  HttpServer server_;
};

}  // namespace mxedge::http
