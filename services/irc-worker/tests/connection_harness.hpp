#pragma once
// A ConnectionManager on real loops with short timeouts, for the connection integration tests.
#include <chrono>
#include <memory>
#include <string>

#include "connection_manager.hpp"
#include "mxedge/common/clock.hpp"
#include "mxedge/common/metrics_registry.hpp"
#include "recording_observer.hpp"

namespace mxedge::irc_worker {

struct ConnectionHarness {
  explicit ConnectionHarness(std::shared_ptr<asio::ssl::context> tls = nullptr,
                             ConnectGate* gate_override = nullptr, int threads = 2)
      : metrics(registry),
        manager(ManagerSettings{.threads = threads,
                                .tick = std::chrono::milliseconds(10),
                                .reconnect = {.base = std::chrono::milliseconds(50),
                                              .cap = std::chrono::milliseconds(400),
                                              .throttled_min = std::chrono::milliseconds(100)},
                                .gate_error_retry = std::chrono::milliseconds(50)},
                common::SystemClock::Instance(), gate_override ? *gate_override : gate,
                std::move(tls), metrics) {
    manager.Start();
  }

  static ConnectionSettings Settings(int port, std::string nick) {
    ConnectionSettings settings;
    settings.server = {.host = "127.0.0.1", .port = static_cast<std::uint16_t>(port)};
    settings.session.nick = nick;
    settings.session.username = "mx";
    settings.session.realname = "mxedge test " + nick;
    settings.flood = {.lines_per_second = 50, .burst = 10, .max_queued = 1000};
    settings.registration_timeout = std::chrono::milliseconds(10'000);
    settings.ping_interval = std::chrono::milliseconds(30'000);
    settings.ping_timeout = std::chrono::milliseconds(10'000);
    settings.quit_timeout = std::chrono::milliseconds(1'000);
    return settings;
  }

  common::MetricsRegistry registry;
  ConnectionMetrics metrics;
  UnlimitedConnectGate gate;
  ConnectionManager manager;
};

}  // namespace mxedge::irc_worker
