#pragma once
// IdentModule: the ident side of the worker, assembled for the App: the Redis records, this
// worker's IdentDirectory with the thread that flushes it, and the RFC 1413 listener. Records are
// published only when `ident.listen` is set (no worker answers otherwise).
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "ident_directory.hpp"
#include "ident_server.hpp"
#include "irc_keys.hpp"
#include "mxedge/common/metrics_registry.hpp"
#include "mxedge/redis/redis_client.hpp"
#include "redis_ident_records.hpp"
#include "socket_observer.hpp"
#include "work_queue.hpp"

namespace mxedge::irc_worker {

struct IdentSettings {
  std::string listen;  // host:port; empty: off
  std::chrono::milliseconds timeout{10'000};
  int max_concurrent = 64;
  std::chrono::milliseconds record_ttl{600'000};
};

class IdentModule {
 public:
  // `redis` and `metrics` must outlive the module.
  IdentModule(redis::RedisClient& redis, const IrcKeys& keys, IdentSettings settings,
              common::MetricsRegistry& metrics);
  ~IdentModule();
  IdentModule(const IdentModule&) = delete;
  IdentModule& operator=(const IdentModule&) = delete;

  bool enabled() const { return !settings_.listen.empty(); }
  // Starts the flush thread and the listener (when enabled). Errors name `ident.listen`.
  absl::Status Start();
  // Stops the listener, withdraws nothing (the records expire) and joins the thread. Idempotent.
  void Stop();

  // The observer of a connection whose ident user is `user`; null when not enabled.
  std::shared_ptr<SocketObserver> ObserverFor(std::string user);
  // The listener's bound port (0 when not listening).
  std::uint16_t port() const { return server_ ? server_->port() : 0; }

 private:
  void FlushLoop();

  IdentSettings settings_;
  common::MetricsRegistry& metrics_;
  RedisIdentRecords records_;
  IdentDirectory directory_;
  std::unique_ptr<IdentServer> server_;
  WorkQueue queue_;
  std::thread thread_;
};

}  // namespace mxedge::irc_worker
