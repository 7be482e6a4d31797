#pragma once
// IrcConnection: one IRC client connection (a puppet or the bot) on a shared asio::io_context.
// Resolve, TCP connect, optional TLS (peer verified, SNI, optional client certificate for
// CertFP), then IrcSession's registration. Reads go through a bounded buffer and a LineFramer;
// writes through one queue: registration lines and PONG first, user lines through the FloodQueue.
// Keepalive: after `ping_interval` of silence we PING; no data for `ping_timeout` after that
// closes the connection. Timers live on the loop's TimerWheel, none per connection in the OS.
//
// Every method must be called on the io_context's thread (ConnectionManager posts there). The
// object is owned by a shared_ptr; callbacks hold it alive while they run.
#include <array>
#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "asio/io_context.hpp"
#include "asio/ip/tcp.hpp"
#include "asio/ssl/context.hpp"
#include "asio/ssl/stream.hpp"
#include "connection_events.hpp"
#include "connection_metrics.hpp"
#include "flood_queue.hpp"
#include "irc_echo_matcher.hpp"
#include "irc_session.hpp"
#include "joined_channels.hpp"
#include "lag_meter.hpp"
#include "mxedge/common/clock.hpp"
#include "mxedge/irc/line_framer.hpp"
#include "socket_observer.hpp"
#include "timer_wheel.hpp"

namespace mxedge::irc_worker {

struct ServerEndpoint {
  std::string host;
  std::uint16_t port = 6667;
  bool tls = false;
  std::string tls_server_name;   // SNI and the name verified; empty: `host`
  std::string client_cert_file;  // PEM certificate for CertFP; empty: none
  std::string client_key_file;   // its key; empty: in the certificate file
};

struct ConnectionSettings {
  ServerEndpoint server;
  SessionSettings session;
  FloodSettings flood;
  std::chrono::milliseconds registration_timeout{30'000};  // from Connect() to 001
  std::chrono::milliseconds ping_interval{60'000};         // silence before our PING
  std::chrono::milliseconds ping_timeout{30'000};          // silence after our PING
  std::chrono::milliseconds quit_timeout{2'000};           // wait for the server after QUIT
  std::shared_ptr<SocketObserver> socket_observer;  // told of the TCP ports (ident); may be null
};

class IrcConnection : public std::enable_shared_from_this<IrcConnection>,
                      private SessionTransport,
                      private ConnectionObserver {
 public:
  // `tls` may be null when the server is plain. `metrics` may be null (tests).
  IrcConnection(asio::io_context& io, TimerWheel& wheel, const common::Clock& clock,
                std::shared_ptr<asio::ssl::context> tls, ConnectionSettings settings,
                ConnectionObserver& observer, ConnectionMetrics* metrics);
  ~IrcConnection() override;
  IrcConnection(const IrcConnection&) = delete;
  IrcConnection& operator=(const IrcConnection&) = delete;

  // Starts a connection attempt from kIdle, kBackoff or kFailed; ignored otherwise.
  void Connect();
  // Queues a user line (without CRLF) behind the flood control. `done` gets OK once the line is
  // written, or, for PRIVMSG/NOTICE while echo-message is on, once its echo came back; an error
  // when the line was not delivered. ResourceExhausted (queue full) and FailedPrecondition (not
  // connected) are returned at once and `done` is not called.
  absl::Status Send(std::string line, LineDone done);
  // Sends QUIT (after what is already queued for writing) and closes once the server does, or
  // after `quit_timeout`. Closes at once when not registered.
  void Quit(std::string_view message);
  // Closes at once with `reason`.
  void Close(CloseReason reason, std::string detail);
  // Sets the state kept while closed (kBackoff, kFailed, kIdle); used by the manager.
  void SetIdleState(ConnectionState state);

  ConnectionState state() const { return state_; }
  // Whether an attempt is under way (connecting, registering, registered or closing).
  bool open() const { return open_; }
  const IrcSession& session() const { return session_; }
  std::size_t flood_depth() const { return flood_.depth(); }
  std::size_t outstanding_echoes() const { return echoes_.outstanding(); }
  std::uint64_t attempts() const { return generation_; }
  const ConnectionSettings& settings() const { return settings_; }
  // Round trips of our keepalive PINGs (measured after `ping_interval` of silence).
  const LagMeter& lag() const { return lag_; }
  // The channels we are in, as the server spelled them.
  std::vector<std::string> channels() const { return channels_.List(); }
  // When 001 arrived on the current attempt (wall clock); nullopt while not registered.
  std::optional<std::chrono::system_clock::time_point> registered_at() const {
    return registered_at_;
  }

 private:
  using TcpSocket = asio::ip::tcp::socket;
  using TlsStream = asio::ssl::stream<TcpSocket>;
  // The socket of one attempt. Handlers hold it by shared_ptr, so it outlives every operation
  // started on it even after the connection moved on to a new attempt.
  struct Transport {
    explicit Transport(asio::io_context& io) : plain(io) {}
    TcpSocket plain;                 // used when not TLS
    std::unique_ptr<TlsStream> tls;  // set for TLS; its next layer is the socket then
    // TLS reads need a buffer per connection; plain reads wait for readability and read into
    // the loop thread's buffer, so idle plain connections hold none.
    std::unique_ptr<std::array<char, 4096>> tls_buffer;
    TcpSocket& Lowest() { return tls ? tls->next_layer() : plain; }
  };
  struct PendingWrite {
    std::string data;  // with CRLF
    LineDone done;
    bool await_echo = false;
    std::string echo_target;  // folded
    std::string echo_text;
  };

  // SessionTransport
  void SendNow(std::string line) override;
  void Fail(CloseReason reason, std::string detail) override;
  // ConnectionObserver, as the session's observer: hooks, then forwards to `observer_`.
  void OnRegistered(std::string_view nick) override;
  void OnNickChanged(std::string_view old_nick, std::string_view new_nick) override;
  void OnSaslResult(bool ok, std::string_view detail) override;
  void OnLine(const irc::Message& message) override;
  void OnEcho(const irc::Message& message) override;
  void OnClosed(const CloseInfo& info) override;

  void SetState(ConnectionState state);
  bool Current(std::uint64_t gen) const { return open_ && gen == generation_; }
  void OnResolved(std::uint64_t gen, const asio::error_code& ec,
                  const asio::ip::tcp::resolver::results_type& results);
  void OnConnected(std::uint64_t gen, const asio::error_code& ec);
  void OnHandshake(std::uint64_t gen, const asio::error_code& ec);
  void ReportSocketClosed();
  void StartRegistration();
  void ReadMore();
  void OnReadable(std::uint64_t gen, const asio::error_code& ec);
  void OnRead(std::uint64_t gen, const asio::error_code& ec, std::string_view bytes);
  void HandleLine(std::string_view line);
  void WriteNext();
  void OnWritten(std::uint64_t gen, const asio::error_code& ec);
  void PumpFlood();
  void ScheduleFloodPump(TimerWheel::TimePoint when);
  void OnFloodTimer();
  void ScheduleKeepalive(TimerWheel::TimePoint when);
  void Keepalive();
  void OnRegistrationTimeout();
  void OnQuitTimeout();
  void CancelTimers();
  void SyncGauges();
  TimerWheel::TimerId At(TimerWheel::TimePoint when, void (IrcConnection::*method)());

  asio::io_context& io_;
  TimerWheel& wheel_;
  const common::Clock& clock_;
  std::shared_ptr<asio::ssl::context> tls_;
  ConnectionSettings settings_;
  ConnectionObserver& observer_;
  ConnectionMetrics* metrics_;

  ConnectionState state_ = ConnectionState::kIdle;
  std::uint64_t generation_ = 0;  // bumped by every Connect(); stale callbacks compare it
  bool open_ = false;             // an attempt is under way (connecting to closing)
  asio::ip::tcp::resolver resolver_;
  std::shared_ptr<Transport> transport_;
  irc::LineFramer framer_;
  IrcSession session_;
  FloodQueue flood_;
  IrcEchoMatcher echoes_;
  std::list<PendingWrite> priority_writes_;  // lists: no allocation while empty
  std::list<PendingWrite> writes_;
  std::optional<PendingWrite> in_flight_;
  std::size_t accounted_flood_depth_ = 0;
  std::size_t accounted_echoes_ = 0;

  TimerWheel::TimerId registration_timer_ = TimerWheel::kNoTimer;
  TimerWheel::TimerId keepalive_timer_ = TimerWheel::kNoTimer;
  TimerWheel::TimerId flood_timer_ = TimerWheel::kNoTimer;
  TimerWheel::TimePoint flood_timer_at_{};
  TimerWheel::TimerId quit_timer_ = TimerWheel::kNoTimer;
  TimerWheel::TimePoint last_read_{};
  std::optional<TimerWheel::TimePoint> ping_sent_at_;
  LagMeter lag_;
  JoinedChannels channels_;
  std::optional<std::chrono::system_clock::time_point> registered_at_;
  std::optional<SocketPorts> socket_ports_;  // reported open to settings_.socket_observer
};

}  // namespace mxedge::irc_worker
