#include "mxedge/http/admin_server.hpp"

#include <map>
#include <mutex>
#include <utility>

#include <nlohmann/json.hpp>

#include "mxedge/common/log.hpp"

namespace mxedge::http {

struct AdminServer::State {
  std::mutex mu;
  std::map<std::string, ReadinessCheck> checks;
  MetricsRenderer metrics;
};

namespace {

// Runs one check; a throwing check counts as failed rather than taking the admin port down.
absl::Status RunCheck(const AdminServer::ReadinessCheck& check) {
  try {
    return check();
  } catch (const std::exception& e) {
    return absl::InternalError(e.what());
  } catch (...) {
    return absl::InternalError("readiness check threw");
  }
}

}  // namespace

AdminServer::AdminServer(HttpServerOptions options)
    : state_(std::make_shared<State>()), server_(std::move(options)) {
  server_.Route("GET", "/healthz", [](const Request&, Responder responder) {
    responder.Send(Response::Json(200, R"({"status":"ok"})"));
  });
  server_.Route("GET", "/readyz", [state = state_, this](const Request&, Responder responder) {
    std::map<std::string, ReadinessCheck> checks;
    {
      std::lock_guard<std::mutex> lock(state->mu);
      checks = state->checks;
    }
    nlohmann::json body = nlohmann::json::object();
    body["checks"] = nlohmann::json::object();
    bool ready = !server_.draining();
    for (const auto& [name, check] : checks) {
      const absl::Status status = RunCheck(check);
      nlohmann::json entry = {{"ok", status.ok()}};
      if (!status.ok()) {
        entry["error"] = std::string(status.message());
        ready = false;
      }
      body["checks"][name] = std::move(entry);
    }
    if (server_.draining()) {
      body["draining"] = true;
    }
    body["status"] = ready ? "ready" : "not_ready";
    responder.Send(Response::Json(ready ? 200 : 503, body.dump()));
  });
  server_.Route("GET", "/metrics", [state = state_](const Request&, Responder responder) {
    MetricsRenderer renderer;
    {
      std::lock_guard<std::mutex> lock(state->mu);
      renderer = state->metrics;
    }
    Response response;
    response.status = 200;
    response.headers.emplace("Content-Type", "text/plain; version=0.0.4");
    if (renderer) {
      response.body = renderer();
    }
    responder.Send(std::move(response));
  });
}

AdminServer::~AdminServer() = default;

void AdminServer::AddReadinessCheck(std::string name, ReadinessCheck check) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->checks[std::move(name)] = std::move(check);
}

void AdminServer::SetMetricsRenderer(MetricsRenderer renderer) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->metrics = std::move(renderer);
}

void AdminServer::SetObserver(RequestObserver observer) {
  server_.SetObserver(std::move(observer));
}

absl::Status AdminServer::Start() { return server_.Start(); }
uint16_t AdminServer::port() const { return server_.port(); }
std::string AdminServer::base_url() const { return server_.base_url(); }
void AdminServer::StartDrain() { server_.StartDrain(); }
bool AdminServer::draining() const { return server_.draining(); }
absl::Status AdminServer::Shutdown(std::chrono::milliseconds timeout) {
  return server_.Shutdown(timeout);
}

}  // namespace mxedge::http
