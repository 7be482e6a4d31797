#pragma once
// ConnectionManager: every IRC connection of the worker, keyed by (network, mxid), spread over N
// event loops (one asio::io_context and one thread each). Each loop has one TimerWheel driven by
// one periodic tick, whose lateness is the event-loop lag metric. Closed connections reconnect
// through ReconnectPolicy and the ConnectGate; banned and "too many connections" closes stop
// (state kFailed) and are reported to the observer. Drain stops reconnecting, lets flood queues
// and outstanding echoes empty (bounded), sends QUIT and waits for the servers to close.
//
// Public methods are thread-safe; Find, CountByState and Drain block on the loops and must not be
// called from a loop thread (an observer callback).
#include <array>
#include <atomic>
#include <chrono>
#include <compare>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "asio/io_context.hpp"
#include "asio/ssl/context.hpp"
#include "asio/steady_timer.hpp"
#include "connect_gate.hpp"
#include "connection_events.hpp"
#include "connection_key.hpp"
#include "connection_metrics.hpp"
#include "irc_connection.hpp"
#include "reconnect_policy.hpp"
#include "timer_wheel.hpp"

namespace mxedge::irc_worker {

struct ManagerSettings {
  int threads = 1;                     // event loops
  std::chrono::milliseconds tick{20};  // timer wheel resolution and lag sampling period
  ReconnectSettings reconnect;
  std::chrono::milliseconds gate_error_retry{1000};  // wait after the gate could not be asked
};

struct ConnectionInfo {
  ConnectionState state = ConnectionState::kIdle;
  std::string nick;
  std::uint64_t attempts = 0;
  std::size_t flood_depth = 0;
  std::size_t outstanding_echoes = 0;
  std::vector<std::string> channels;                  // joined, as the server spelled them
  std::optional<std::chrono::milliseconds> lag_last;  // last keepalive PING→PONG round trip
  std::optional<std::chrono::milliseconds> lag_average;
  std::optional<std::chrono::system_clock::time_point> registered_at;  // 001 of this attempt
  std::vector<std::string> caps;  // IRCv3 capabilities enabled on this attempt, sorted
};

struct ConnectionSnapshot {
  ConnectionKey key;
  ConnectionInfo info;
};

class ConnectionManager {
 public:
  // `tls` may be null when no network uses TLS. `policy` null: a seeded ReconnectPolicy.
  ConnectionManager(ManagerSettings settings, const common::Clock& clock, ConnectGate& gate,
                    std::shared_ptr<asio::ssl::context> tls, ConnectionMetrics& metrics,
                    std::unique_ptr<ReconnectPolicy> policy = nullptr);
  ~ConnectionManager();
  ConnectionManager(const ConnectionManager&) = delete;
  ConnectionManager& operator=(const ConnectionManager&) = delete;

  // Starts the loops.
  void Start();
  // Closes every connection at once (no QUIT) and joins the loops.
  void Stop();

  // Adds a connection and starts connecting it (through the gate). AlreadyExistsError when the
  // key is open; FailedPreconditionError while draining or stopped.
  absl::Status Open(const ConnectionKey& key, ConnectionSettings settings,
                    std::shared_ptr<ConnectionObserver> observer);
  // Sends QUIT with `message` and forgets the connection. NotFoundError for an unknown key.
  absl::Status Close(const ConnectionKey& key, std::string_view message);
  // Queues a line on the connection's flood queue; `done` is always called (on the loop
  // thread): OK when written (or echoed), an error otherwise. NotFoundError for an unknown key
  // (then `done` is not called).
  absl::Status Send(const ConnectionKey& key, std::string line, LineDone done);

  std::optional<ConnectionInfo> Find(const ConnectionKey& key) const;
  // Every connection (of `network` only, when not empty), in key order; one pass per loop.
  std::vector<ConnectionSnapshot> List(std::string_view network = "") const;
  std::array<int, kConnectionStateCount> CountByState() const;
  std::size_t size() const;

  // Stops reconnecting and opening, waits up to `timeout` for flood queues and echoes to empty,
  // QUITs every connection with `message`, and waits for the closes (bounded by `timeout` plus
  // each connection's quit_timeout). Connections left are closed at once. Returns how many
  // connections had lines still unsent or unechoed when QUIT was sent.
  int Drain(std::string_view message, std::chrono::milliseconds timeout);

 private:
  struct Loop;
  struct Entry;
  class EntryObserver;

  Loop& LoopFor(const ConnectionKey& key);
  void TryConnect(const std::shared_ptr<Entry>& entry);
  void Reconnect(const std::shared_ptr<Entry>& entry, const CloseInfo& info);
  void DrainStep(const std::shared_ptr<Entry>& entry, std::chrono::steady_clock::time_point until,
                 std::string message);
  void MarkDone(Entry& entry);
  template <typename T>
  T RunOn(Loop& loop, std::function<T()> fn) const;

  ManagerSettings settings_;
  const common::Clock& clock_;
  ConnectGate& gate_;
  std::shared_ptr<asio::ssl::context> tls_;
  ConnectionMetrics& metrics_;
  std::unique_ptr<ReconnectPolicy> policy_;
  std::vector<std::unique_ptr<Loop>> loops_;
  bool started_ = false;

  mutable std::mutex mu_;
  std::condition_variable done_cv_;
  std::map<ConnectionKey, std::shared_ptr<Entry>> entries_;
  bool draining_ = false;
  int draining_left_ = 0;
  std::atomic<int> unsent_at_quit_{0};
};

}  // namespace mxedge::irc_worker
