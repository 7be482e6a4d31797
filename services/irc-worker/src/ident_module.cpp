#include "ident_module.hpp"

#include <utility>

#include "ident_publisher.hpp"
#include "mxedge/common/log.hpp"

namespace mxedge::irc_worker {

IdentModule::IdentModule(redis::RedisClient& redis, const IrcKeys& keys, IdentSettings settings,
                         common::MetricsRegistry& metrics)
    : settings_(std::move(settings)),
      metrics_(metrics),
      records_(redis, keys),
      directory_(records_, settings_.record_ttl) {}

IdentModule::~IdentModule() { Stop(); }

absl::Status IdentModule::Start() {
  if (!enabled()) {
    return absl::OkStatus();
  }
  IdentServerOptions options;
  options.listen = settings_.listen;
  options.timeout = settings_.timeout;
  options.max_concurrent = settings_.max_concurrent;
  absl::StatusOr<std::unique_ptr<IdentServer>> server = IdentServer::Start(
      options, [this](const IdentQuery& query) { return directory_.Lookup(query); }, &metrics_);
  if (!server.ok()) {
    return server.status();
  }
  server_ = std::move(*server);
  thread_ = std::thread([this] { FlushLoop(); });
  common::LogInfo("ident listening", {{"port", server_->port()}});
  return absl::OkStatus();
}

void IdentModule::Stop() {
  if (server_) {
    server_->Stop();
  }
  queue_.Close();
  if (thread_.joinable()) {
    thread_.join();
  }
}

std::shared_ptr<SocketObserver> IdentModule::ObserverFor(std::string user) {
  if (!enabled()) {
    return nullptr;
  }
  return std::make_shared<IdentPublisher>(directory_, std::move(user),
                                          [this] { queue_.Post([] {}); });
}

void IdentModule::FlushLoop() {
  while (!queue_.closed()) {
    (void)queue_.Take(directory_.next_refresh());
    if (queue_.closed()) {
      return;
    }
    if (absl::Status s = directory_.Flush(std::chrono::steady_clock::now()); !s.ok()) {
      common::LogWarn("ident records not written", {{"error", s.ToString()}});
    }
  }
}

}  // namespace mxedge::irc_worker
