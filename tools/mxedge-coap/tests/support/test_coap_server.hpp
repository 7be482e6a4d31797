#pragma once
// A libcoap server on 127.0.0.1 for the CLI's and the proxy's integration tests, on its own
// thread: plain UDP and DTLS (PSK with any identity, and X.509 when certificate files are given).
//
// Every request to an unknown path is answered 2.05 with a CBOR (v1 keys) echo of what arrived:
// {"method", "path", "query", "token_option" (option 256 as sent, null when absent), "token" (the
// session's sticky token after this request), "content_format", "body" (the CBOR body as JSON),
// "body_bytes"}. Special paths:
//   /status/<http status>  the mapped CoAP code with a Matrix error body and Max-Age 2
//   /empty404              4.04 without a body
//   /big/<bytes>           2.05 with {"big": "xxx…"} of about that size (Block2)
//   /7                     observable: {"n": <notifications so far>}; Notify() sends the next
//   /1 (login)             the echo plus well_known.m.homeserver.base_url = https://hs.example.org
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace mxedge::coap_cli::testing {

struct TestCoapServerOptions {
  std::string psk_key = "integration-psk";
  // PEM files; empty = no X.509 (PSK only on the DTLS port).
  std::string certificate_file;
  std::string private_key_file;
  // Idle sessions are closed after this many seconds (libcoap's session timeout); 0 = its default.
  unsigned session_timeout_seconds = 0;
  // Ports; 0 = pick free ones.
  std::uint16_t udp_port = 0;
  std::uint16_t dtls_port = 0;
};

class TestCoapServer {
 public:
  static absl::StatusOr<std::unique_ptr<TestCoapServer>> Start(TestCoapServerOptions options);
  ~TestCoapServer();
  TestCoapServer(const TestCoapServer&) = delete;
  TestCoapServer& operator=(const TestCoapServer&) = delete;

  std::uint16_t udp_port() const;
  std::uint16_t dtls_port() const;
  // Requests answered so far (all paths).
  int requests() const;
  // The echo of the last request answered on an unknown path.
  nlohmann::json last_echo() const;
  // Sends a notification to the observers of /7.
  void Notify();
  // GET /7 requests with Observe: 1 (deregistrations) so far.
  int deregistrations() const;
  // Server sessions libcoap has closed so far (idle timeout, peer gone).
  int sessions_closed() const;

  struct Impl;

 private:
  explicit TestCoapServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace mxedge::coap_cli::testing
