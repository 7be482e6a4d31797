#include "irc_connection.hpp"

#include <openssl/ssl.h>

#include <utility>

#include "asio/connect.hpp"
#include "asio/ip/address.hpp"
#include "asio/ssl/host_name_verification.hpp"
#include "asio/write.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/irc/formatter.hpp"
#include "mxedge/irc/parser.hpp"

namespace mxedge::irc_worker {

IrcConnection::IrcConnection(asio::io_context& io, TimerWheel& wheel, const common::Clock& clock,
                             std::shared_ptr<asio::ssl::context> tls, ConnectionSettings settings,
                             ConnectionObserver& observer, ConnectionMetrics* metrics)
    : io_(io),
      wheel_(wheel),
      clock_(clock),
      tls_(std::move(tls)),
      settings_(std::move(settings)),
      observer_(observer),
      metrics_(metrics),
      resolver_(io),
      session_(settings_.session, *this, *this),
      flood_(settings_.flood, clock.SteadyNow()) {
  if (metrics_) metrics_->Added(state_);
}

IrcConnection::~IrcConnection() {
  ReportSocketClosed();
  CancelTimers();
  if (transport_) {
    asio::error_code ec;
    transport_->Lowest().close(ec);
  }
  flood_.FailAll(absl::CancelledError("connection destroyed"));
  echoes_.FailAll(absl::CancelledError("connection destroyed"));
  SyncGauges();
  if (metrics_) metrics_->Removed(state_);
}

void IrcConnection::SetState(ConnectionState state) {
  if (state == state_) return;
  if (metrics_) metrics_->StateChanged(state_, state);
  state_ = state;
}

void IrcConnection::SetIdleState(ConnectionState state) {
  if (!open_) SetState(state);
}

TimerWheel::TimerId IrcConnection::At(TimerWheel::TimePoint when, void (IrcConnection::*method)()) {
  return wheel_.Schedule(when, [weak = weak_from_this(), gen = generation_, method] {
    auto self = weak.lock();
    if (self && self->Current(gen)) ((*self).*method)();
  });
}

void IrcConnection::CancelTimers() {
  for (TimerWheel::TimerId* id :
       {&registration_timer_, &keepalive_timer_, &flood_timer_, &quit_timer_}) {
    // Closed connections hold no timers, so their destruction never touches the wheel.
    if (*id == TimerWheel::kNoTimer) continue;
    wheel_.Cancel(*id);
    *id = TimerWheel::kNoTimer;
  }
}

void IrcConnection::SyncGauges() {
  if (!metrics_) return;
  metrics_->flood_queue_depth.Add(static_cast<double>(flood_.depth()) -
                                  static_cast<double>(accounted_flood_depth_));
  accounted_flood_depth_ = flood_.depth();
  metrics_->echoes_outstanding.Add(static_cast<double>(echoes_.outstanding()) -
                                   static_cast<double>(accounted_echoes_));
  accounted_echoes_ = echoes_.outstanding();
}

void IrcConnection::Connect() {
  if (open_) return;
  ++generation_;
  open_ = true;
  const auto now = clock_.SteadyNow();
  framer_ = irc::LineFramer();
  flood_.Reset(now);
  ping_sent_at_.reset();
  lag_.Abandon();
  channels_.Clear();
  registered_at_.reset();
  transport_ = std::make_shared<Transport>(io_);
  SetState(ConnectionState::kConnecting);
  registration_timer_ =
      At(now + settings_.registration_timeout, &IrcConnection::OnRegistrationTimeout);
  common::LogDebug("irc connecting", {{"host", settings_.server.host},
                                      {"port", settings_.server.port},
                                      {"tls", settings_.server.tls}});
  resolver_.async_resolve(
      settings_.server.host, std::to_string(settings_.server.port),
      [self = shared_from_this(), gen = generation_](
          const asio::error_code& ec, asio::ip::tcp::resolver::results_type results) {
        self->OnResolved(gen, ec, results);
      });
}

void IrcConnection::OnResolved(std::uint64_t gen, const asio::error_code& ec,
                               const asio::ip::tcp::resolver::results_type& results) {
  if (!Current(gen)) return;
  if (ec) {
    Close(CloseReason::kConnectFailed,
          common::Cat("resolve ", settings_.server.host, ": ", ec.message()));
    return;
  }
  asio::async_connect(transport_->Lowest(), results,
                      [self = shared_from_this(), gen, transport = transport_](
                          const asio::error_code& ec, const asio::ip::tcp::endpoint&) {
                        self->OnConnected(gen, ec);
                      });
}

void IrcConnection::OnConnected(std::uint64_t gen, const asio::error_code& ec) {
  if (!Current(gen)) return;
  if (ec) {
    Close(CloseReason::kConnectFailed, common::Cat("connect ", settings_.server.host, ":",
                                                   settings_.server.port, ": ", ec.message()));
    return;
  }
  asio::error_code ignored;
  transport_->plain.set_option(asio::ip::tcp::no_delay(true), ignored);
  if (settings_.socket_observer) {
    asio::error_code local_ec;
    asio::error_code remote_ec;
    const asio::ip::tcp::endpoint local = transport_->plain.local_endpoint(local_ec);
    const asio::ip::tcp::endpoint remote = transport_->plain.remote_endpoint(remote_ec);
    if (!local_ec && !remote_ec) {
      socket_ports_ = SocketPorts{.local_port = local.port(), .remote_port = remote.port()};
      settings_.socket_observer->OnSocketOpen(*socket_ports_);
    }
  }
  if (!settings_.server.tls) {
    asio::error_code nb_ec;
    transport_->plain.non_blocking(true, nb_ec);
    if (nb_ec) {
      Close(CloseReason::kConnectFailed, common::Cat("non-blocking mode: ", nb_ec.message()));
      return;
    }
    StartRegistration();
    return;
  }
  if (!tls_) {
    Close(CloseReason::kTlsFailed, "tls requested without a TLS context");
    return;
  }
  transport_->tls = std::make_unique<TlsStream>(std::move(transport_->plain), *tls_);
  transport_->tls_buffer = std::make_unique<std::array<char, 4096>>();
  TlsStream& stream = *transport_->tls;
  const std::string& name = settings_.server.tls_server_name.empty()
                                ? settings_.server.host
                                : settings_.server.tls_server_name;
  asio::error_code addr_ec;
  asio::ip::make_address(name, addr_ec);
  if (addr_ec && SSL_set_tlsext_host_name(stream.native_handle(), name.c_str()) != 1) {
    Close(CloseReason::kTlsFailed, common::Cat("tls: cannot set SNI ", name));
    return;
  }
  asio::error_code verify_ec;
  stream.set_verify_callback(asio::ssl::host_name_verification(name), verify_ec);
  if (verify_ec) {
    Close(CloseReason::kTlsFailed, common::Cat("tls verify callback: ", verify_ec.message()));
    return;
  }
  if (!settings_.server.client_cert_file.empty()) {
    const std::string& cert = settings_.server.client_cert_file;
    const std::string& key = settings_.server.client_key_file.empty()
                                 ? settings_.server.client_cert_file
                                 : settings_.server.client_key_file;
    if (SSL_use_certificate_chain_file(stream.native_handle(), cert.c_str()) != 1 ||
        SSL_use_PrivateKey_file(stream.native_handle(), key.c_str(), SSL_FILETYPE_PEM) != 1) {
      Close(CloseReason::kTlsFailed,
            common::Cat("tls client certificate ", cert, " or its key cannot be loaded"));
      return;
    }
  }
  stream.async_handshake(asio::ssl::stream_base::client,
                         [self = shared_from_this(), gen, transport = transport_](
                             const asio::error_code& ec) { self->OnHandshake(gen, ec); });
}

void IrcConnection::OnHandshake(std::uint64_t gen, const asio::error_code& ec) {
  if (!Current(gen)) return;
  if (ec) {
    Close(CloseReason::kTlsFailed, common::Cat("tls handshake: ", ec.message()));
    return;
  }
  StartRegistration();
}

void IrcConnection::StartRegistration() {
  SetState(ConnectionState::kRegistering);
  last_read_ = clock_.SteadyNow();
  ScheduleKeepalive(last_read_ + settings_.ping_interval);
  session_.Start();
  if (open_) ReadMore();
}

void IrcConnection::ReadMore() {
  if (transport_->tls) {
    transport_->tls->async_read_some(
        asio::buffer(*transport_->tls_buffer),
        [self = shared_from_this(), gen = generation_, transport = transport_](
            const asio::error_code& ec, std::size_t n) {
          self->OnRead(gen, ec, std::string_view(transport->tls_buffer->data(), n));
        });
  } else {
    transport_->plain.async_wait(
        TcpSocket::wait_read,
        [self = shared_from_this(), gen = generation_,
         transport = transport_](const asio::error_code& ec) { self->OnReadable(gen, ec); });
  }
}

void IrcConnection::OnReadable(std::uint64_t gen, const asio::error_code& ec) {
  if (!Current(gen)) return;
  if (ec) {
    OnRead(gen, ec, {});
    return;
  }
  // One buffer per loop thread serves every plain connection of that loop.
  thread_local std::array<char, 16384> buffer;
  asio::error_code read_ec;
  const std::size_t n = transport_->plain.read_some(asio::buffer(buffer), read_ec);
  if (read_ec == asio::error::would_block || read_ec == asio::error::try_again) {
    ReadMore();
    return;
  }
  OnRead(gen, read_ec, std::string_view(buffer.data(), n));
}

void IrcConnection::OnRead(std::uint64_t gen, const asio::error_code& ec, std::string_view bytes) {
  if (!Current(gen)) return;
  if (ec) {
    if (state_ == ConnectionState::kClosing) {
      Close(CloseReason::kLocal, "closed after QUIT");
    } else {
      Close(CloseReason::kNetwork,
            ec == asio::error::eof ? std::string("server closed the socket") : ec.message());
    }
    return;
  }
  last_read_ = clock_.SteadyNow();
  ping_sent_at_.reset();
  const std::uint64_t overlong_before = framer_.overlong_lines();
  // Keep the transport alive: a line may close the connection while the bytes are being read.
  std::shared_ptr<Transport> transport = transport_;
  framer_.Feed(bytes, [&](std::string_view line) {
    if (Current(gen)) HandleLine(line);
  });
  if (metrics_ && framer_.overlong_lines() > overlong_before) {
    metrics_->lines_malformed.Increment(framer_.overlong_lines() - overlong_before);
  }
  if (Current(gen)) ReadMore();
}

void IrcConnection::HandleLine(std::string_view line) {
  if (metrics_) metrics_->lines_received.Increment();
  auto message = irc::ParseMessage(line, session_.isupport().line_limits());
  if (!message.ok()) {
    if (metrics_) metrics_->lines_malformed.Increment();
    common::LogDebug("irc line ignored", {{"host", settings_.server.host},
                                          {"error", common::Std(message.status().message())}});
    return;
  }
  if (message->IsCommand("PONG")) lag_.PongReceived(clock_.SteadyNow());
  session_.HandleLine(*message);
}

void IrcConnection::SendNow(std::string line) {
  if (!open_) return;
  line += "\r\n";
  priority_writes_.push_back(PendingWrite{.data = std::move(line)});
  WriteNext();
}

void IrcConnection::Fail(CloseReason reason, std::string detail) {
  // After our QUIT the server's ERROR is the expected goodbye, not a failure.
  if (state_ == ConnectionState::kClosing) reason = CloseReason::kLocal;
  Close(reason, std::move(detail));
}

absl::Status IrcConnection::Send(std::string line, LineDone done) {
  if (!open_ || state_ == ConnectionState::kClosing) {
    return absl::FailedPreconditionError(
        common::Cat("connection is ", ConnectionStateName(state_)));
  }
  absl::Status status = flood_.Push(std::move(line), std::move(done));
  if (!status.ok()) {
    if (metrics_) metrics_->flood_drops.Increment();
    common::LogWarn("irc flood queue full, line dropped",
                    {{"host", settings_.server.host}, {"nick", session_.nick()}});
    return status;
  }
  SyncGauges();
  PumpFlood();
  return absl::OkStatus();
}

void IrcConnection::PumpFlood() {
  if (!open_ || state_ != ConnectionState::kRegistered) return;
  const auto now = clock_.SteadyNow();
  for (QueuedLine& queued : flood_.TakeReady(now)) {
    PendingWrite write{.data = queued.line + "\r\n", .done = std::move(queued.done)};
    if (session_.HasCap("echo-message")) {
      auto message = irc::ParseMessage(queued.line);
      if (message.ok() && (message->IsCommand("PRIVMSG") || message->IsCommand("NOTICE")) &&
          message->params.size() == 2) {
        write.await_echo = true;
        write.echo_target = session_.isupport().case_mapping().Fold(message->Param(0));
        write.echo_text = std::string(message->Param(1));
      }
    }
    writes_.push_back(std::move(write));
  }
  SyncGauges();
  WriteNext();
  if (auto next = flood_.NextReadyAt(now)) ScheduleFloodPump(*next);
}

void IrcConnection::ScheduleFloodPump(TimerWheel::TimePoint when) {
  if (flood_timer_ != TimerWheel::kNoTimer) {
    if (flood_timer_at_ <= when) return;
    wheel_.Cancel(flood_timer_);
  }
  flood_timer_at_ = when;
  flood_timer_ = At(when, &IrcConnection::OnFloodTimer);
}

void IrcConnection::OnFloodTimer() {
  flood_timer_ = TimerWheel::kNoTimer;
  PumpFlood();
}

void IrcConnection::WriteNext() {
  if (!open_ || in_flight_ || state_ == ConnectionState::kConnecting) return;
  std::list<PendingWrite>& source = !priority_writes_.empty() ? priority_writes_ : writes_;
  if (source.empty()) return;
  in_flight_ = std::move(source.front());
  source.pop_front();
  auto handler = [self = shared_from_this(), gen = generation_, transport = transport_](
                     const asio::error_code& ec, std::size_t) { self->OnWritten(gen, ec); };
  if (transport_->tls) {
    asio::async_write(*transport_->tls, asio::buffer(in_flight_->data), std::move(handler));
  } else {
    asio::async_write(transport_->plain, asio::buffer(in_flight_->data), std::move(handler));
  }
}

void IrcConnection::OnWritten(std::uint64_t gen, const asio::error_code& ec) {
  if (!Current(gen)) return;
  if (ec) {
    Close(CloseReason::kNetwork, common::Cat("write: ", ec.message()));
    return;
  }
  if (metrics_) metrics_->lines_sent.Increment();
  PendingWrite written = std::move(*in_flight_);
  in_flight_.reset();
  if (written.await_echo) {
    echoes_.Expect(std::move(written.echo_target), std::move(written.echo_text),
                   std::move(written.done));
    SyncGauges();
  } else if (written.done) {
    written.done(absl::OkStatus());
  }
  if (Current(gen)) WriteNext();
}

void IrcConnection::ScheduleKeepalive(TimerWheel::TimePoint when) {
  wheel_.Cancel(keepalive_timer_);
  keepalive_timer_ = At(when, &IrcConnection::Keepalive);
}

void IrcConnection::Keepalive() {
  keepalive_timer_ = TimerWheel::kNoTimer;
  const auto now = clock_.SteadyNow();
  if (ping_sent_at_) {
    if (now - *ping_sent_at_ >= settings_.ping_timeout) {
      Close(CloseReason::kPingTimeout,
            common::Cat(
                "no data for ",
                std::chrono::duration_cast<std::chrono::milliseconds>(now - last_read_).count(),
                " ms"));
      return;
    }
    ScheduleKeepalive(*ping_sent_at_ + settings_.ping_timeout);
    return;
  }
  if (now - last_read_ >= settings_.ping_interval) {
    ping_sent_at_ = now;
    lag_.PingSent(now);
    SendNow("PING :mxedge");
    ScheduleKeepalive(now + settings_.ping_timeout);
    return;
  }
  ScheduleKeepalive(last_read_ + settings_.ping_interval);
}

void IrcConnection::OnRegistrationTimeout() {
  registration_timer_ = TimerWheel::kNoTimer;
  if (state_ != ConnectionState::kRegistered && state_ != ConnectionState::kClosing) {
    Close(CloseReason::kRegistrationTimeout,
          common::Cat("not registered within ", settings_.registration_timeout.count(), " ms"));
  }
}

void IrcConnection::Quit(std::string_view message) {
  if (!open_) return;
  if (state_ != ConnectionState::kRegistered) {
    Close(CloseReason::kLocal, "closed before registration");
    return;
  }
  auto line = irc::FormatMessage({.command = "QUIT", .params = {std::string(message)}});
  if (!line.ok()) line = std::string("QUIT\r\n");
  SetState(ConnectionState::kClosing);
  writes_.push_back(PendingWrite{.data = *std::move(line)});
  WriteNext();
  quit_timer_ = At(clock_.SteadyNow() + settings_.quit_timeout, &IrcConnection::OnQuitTimeout);
}

void IrcConnection::OnQuitTimeout() {
  quit_timer_ = TimerWheel::kNoTimer;
  Close(CloseReason::kLocal, "server did not close after QUIT");
}

void IrcConnection::Close(CloseReason reason, std::string detail) {
  if (!open_) return;
  open_ = false;
  ReportSocketClosed();
  lag_.Abandon();
  channels_.Clear();
  registered_at_.reset();
  CancelTimers();
  resolver_.cancel();
  if (transport_) {
    asio::error_code ec;
    transport_->Lowest().close(ec);
  }
  SetState(IsRetryable(reason) || reason == CloseReason::kLocal ? ConnectionState::kIdle
                                                                : ConnectionState::kFailed);
  if (metrics_) metrics_->closes[static_cast<int>(reason)]->Increment();
  const absl::Status closed =
      absl::UnavailableError(common::Cat("connection closed: ", CloseReasonName(reason)));
  std::list<PendingWrite> pending = std::move(writes_);
  writes_.clear();
  priority_writes_.clear();
  if (in_flight_) {
    pending.push_front(std::move(*in_flight_));
    in_flight_.reset();
  }
  for (PendingWrite& write : pending) {
    if (write.done) write.done(closed);
  }
  flood_.FailAll(closed);
  echoes_.FailAll(closed);
  SyncGauges();
  const common::LogFields fields = {{"host", settings_.server.host},
                                    {"nick", session_.nick()},
                                    {"reason", CloseReasonName(reason)},
                                    {"detail", detail}};
  if (reason == CloseReason::kLocal) {
    common::LogDebug("irc connection closed", fields);
  } else {
    common::LogInfo("irc connection closed", fields);
  }
  observer_.OnClosed(CloseInfo{reason, std::move(detail)});
}

void IrcConnection::OnRegistered(std::string_view nick) {
  wheel_.Cancel(registration_timer_);
  registration_timer_ = TimerWheel::kNoTimer;
  SetState(ConnectionState::kRegistered);
  registered_at_ = clock_.Now();
  if (metrics_) metrics_->registrations.Increment();
  common::LogDebug("irc connection registered", {{"host", settings_.server.host}, {"nick", nick}});
  observer_.OnRegistered(nick);
  PumpFlood();
}

void IrcConnection::OnNickChanged(std::string_view old_nick, std::string_view new_nick) {
  observer_.OnNickChanged(old_nick, new_nick);
}

void IrcConnection::OnSaslResult(bool ok, std::string_view detail) {
  observer_.OnSaslResult(ok, detail);
}

void IrcConnection::OnLine(const irc::Message& message) {
  channels_.Observe(message, session_.nick(), session_.isupport().case_mapping());
  // A refused PRIVMSG/NOTICE gets no echo: its delivery fails now instead of at the timeout.
  const std::optional<int> numeric = message.Numeric();
  if (numeric && IsSendRefusal(*numeric) && message.params.size() >= 2 &&
      echoes_.Refuse(
          session_.isupport().case_mapping().Fold(message.Param(1)),
          absl::FailedPreconditionError(common::Cat("the server refused the line (", *numeric,
                                                    "): ", message.params.back())))) {
    SyncGauges();
  }
  observer_.OnLine(message);
}

void IrcConnection::OnEcho(const irc::Message& message) {
  // The observer sees the echo before the line's delivery completes.
  observer_.OnEcho(message);
  if (open_ && message.params.size() == 2) {
    echoes_.Match(session_.isupport().case_mapping().Fold(message.Param(0)), message.Param(1));
    SyncGauges();
  }
}

void IrcConnection::OnClosed(const CloseInfo& info) { observer_.OnClosed(info); }

void IrcConnection::ReportSocketClosed() {
  if (socket_ports_ && settings_.socket_observer) {
    settings_.socket_observer->OnSocketClosed(*socket_ports_);
  }
  socket_ports_.reset();
}

}  // namespace mxedge::irc_worker
