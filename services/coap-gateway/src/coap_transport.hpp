#pragma once
// The libcoap 4.3.1 transport: one loop thread owns the coap_context_t (libcoap 4.3.1 is not
// thread-safe), its own epoll set over libcoap's epoll fd plus an eventfd that LoopPoster::Post
// writes. Every request lands on the unknown-resource handler and goes to the ExchangeHandler as an
// InboundRequest; pending answers travel through coap_async (see coap_transport.cpp for the ACK
// rules). Endpoints: DTLS with X.509 and PSK on one port, plain UDP only on a loopback address.
//
// Threading: Start/Stop from the owning thread; Post from any thread; everything else (Transport,
// the ExchangeHandler callbacks) on the loop thread.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "exchange.hpp"
#include "mxedge/common/clock.hpp"
#include "mxedge/common/metrics_registry.hpp"

namespace mxedge::coap_gateway {

struct CoapTransportSettings {
  // DTLS endpoint. Disabled when `dtls_port` is 0.
  std::string dtls_bind_address = "0.0.0.0";
  std::uint16_t dtls_port = 5684;
  // X.509: PEM files (an ECDSA P-256 key keeps the handshake small). Optional when PSK keys are
  // set.
  std::string certificate_file;
  std::string private_key_file;
  // When set, clients may present a certificate signed by this CA (mutual TLS).
  std::string ca_file;
  // PSK identity → key. Both PSK and X.509 are offered on the same endpoint.
  std::map<std::string, std::string> psk_keys;
  // OpenSSL sends a NewSessionTicket flight on every full handshake; the reference clients never
  // resume, so tickets are off unless enabled.
  bool session_tickets = false;

  // Plain CoAP endpoint: loopback addresses only (no DTLS: a spoofed source could ride a session).
  // Disabled when `plain_port` is 0.
  std::string plain_bind_address = "127.0.0.1";
  std::uint16_t plain_port = 0;

  // A pending answer ready within this window is piggybacked on the ACK; otherwise the empty ACK
  // goes out when it expires and the answer follows as a separate CON. Keep it well under the
  // clients' ACK timeout (2-3 s with RFC defaults).
  std::chrono::milliseconds piggyback_window{1000};

  // Sessions above these caps are refused: their requests are dropped and counted.
  std::size_t max_sessions = 10000;
  std::size_t max_sessions_per_source = 32;
  // DTLS handshakes in progress at once (libcoap drops further ClientHellos).
  unsigned max_handshake_sessions = 256;
  // Idle sessions are closed after this (libcoap's session timeout).
  std::chrono::seconds session_idle_timeout{300};
};

// Refuses a bind address for the plain endpoint that is not a loopback address.
absl::Status ValidatePlainBindAddress(std::string_view address);

class CoapTransport final : public Transport, public LoopPoster {
 public:
  // `handler` must outlive the transport (or at least Stop()).
  CoapTransport(CoapTransportSettings settings, ExchangeHandler& handler,
                common::MetricsRegistry& metrics, common::Clock& clock);
  ~CoapTransport() override;
  CoapTransport(const CoapTransport&) = delete;
  CoapTransport& operator=(const CoapTransport&) = delete;

  // Creates the context and endpoints and starts the loop thread. Errors: bad settings (names the
  // setting), unreadable certificate/key, a port that cannot be bound.
  absl::Status Start();
  // Stops reading, fails pending exchanges with 5.03, sends what is queued, joins the loop thread.
  // Idempotent.
  void Stop();

  // Transport (loop thread).
  void Complete(ExchangeId id, OutboundMessage reply) override;
  absl::StatusOr<std::uint16_t> SendConfirmable(SessionId session, std::string_view token,
                                                OutboundMessage message) override;

  // LoopPoster (any thread). Work posted after Stop() is dropped.
  void Post(std::function<void()> work) override;

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace mxedge::coap_gateway
