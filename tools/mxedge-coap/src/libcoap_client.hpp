#pragma once
// CoapTransport over libcoap 4.3.1: ONE client session (UDP or DTLS with PSK or X.509) shared by
// every request, owned by one loop thread (libcoap 4.3.1 is not thread-safe). Send() queues the
// request and wakes the loop through an eventfd; the loop polls libcoap's epoll fd and the
// eventfd. Block-wise transfers are libcoap's (1024-byte blocks); the access token is sticky on
// DTLS sessions (StickyToken). When the session dies (DTLS closed or failed, retransmissions
// exhausted, a request timed out) its other requests fail with Unavailable and the next request
// opens a new session.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "cli_options.hpp"
#include "coap_transport.hpp"

namespace mxedge::coap_cli {

struct LibcoapClientOptions {
  std::string host;
  std::uint16_t port = 0;
  bool secure = false;
  DtlsSettings dtls;
  // Sticky tokens on DTLS sessions (the gateway keeps none on plain CoAP).
  bool sticky_token = true;
  std::chrono::milliseconds request_timeout{30'000};
  // CON requests outstanding at once on the session (RFC 7252 NSTART; libcoap queues the rest).
  std::uint16_t nstart = 1;
  // -v: receives one line per message and per datagram; empty = no trace.
  std::function<void(std::string_view)> trace;
};

class LibcoapClient final : public CoapTransport {
 public:
  // Resolves the host and starts the loop thread. The session itself opens with the first request.
  static absl::StatusOr<std::unique_ptr<LibcoapClient>> Start(LibcoapClientOptions options);
  ~LibcoapClient() override;  // fails pending requests with Cancelled, joins the loop thread
  LibcoapClient(const LibcoapClient&) = delete;
  LibcoapClient& operator=(const LibcoapClient&) = delete;

  void Send(CoapRequest request, ResponseCallback callback) override;

  // Deregisters every Observe registration (GET with Observe: 1 and the registration's token).
  // Each registration's callback then gets the answer to that as its last call, or
  // DeadlineExceeded when none comes within 2 s. Thread-safe.
  void CancelObservations();

  // Sessions opened so far (1 + reconnects).
  int sessions_opened() const;

  struct Impl;

 private:
  explicit LibcoapClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace mxedge::coap_cli
