#pragma once
// The whole low-bandwidth path as processes on 127.0.0.1: redis-server, the FakeHomeserver
// (in-process), one appservice-router process and one coap-gateway process with a plain CoAP
// endpoint and a DTLS endpoint offering both an EC P-256 certificate (made with the openssl CLI
// at test time) and a PSK.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/http/curl_http_client.hpp"
#include "mxedge/testing/fake_homeserver.hpp"
#include "mxedge/testing/redis_server.hpp"
#include "mxedge/testing/subprocess.hpp"
#include "mxedge/testing/temp_dir.hpp"

namespace mxedge::coap_e2e {

inline constexpr char kInternalToken[] = "coap-e2e-internal-token";
inline constexpr char kPskIdentity[] = "phone";
// Printable, so coap-client takes it as is with -k; the gateway reads it hex-encoded.
inline constexpr char kPskKey[] = "coap-e2e-psk-key-0123456789";

// A UDP port on 127.0.0.1 that was free a moment ago.
absl::StatusOr<std::uint16_t> FreeUdpPort();

class CoapStack {
 public:
  // Starts everything and waits until the router and the gateway answer /readyz 200.
  static absl::StatusOr<std::unique_ptr<CoapStack>> Start();
  ~CoapStack();
  CoapStack(const CoapStack&) = delete;
  CoapStack& operator=(const CoapStack&) = delete;

  testing::FakeHomeserver& homeserver() { return *homeserver_; }
  const std::string& dir() const { return dir_.path(); }
  // coap://127.0.0.1:<plain port> and coaps://127.0.0.1:<dtls port>.
  std::string plain_uri(const std::string& path) const;
  std::string dtls_uri(const std::string& path) const;
  // The token a client sends (the homeserver accepts only its as_token).
  const std::string& access_token() const { return homeserver_->options().as_token; }

  // GET /readyz on the gateway's admin port: the HTTP status.
  absl::StatusOr<int> GatewayReadyz();
  // GET /metrics on the gateway's admin port: the Prometheus text.
  absl::StatusOr<std::string> GatewayMetrics();
  std::string GatewayLogTail(size_t max_bytes = 8192) const;

  // SIGKILL the router (for "router down") and start it again on the same ports.
  absl::Status KillRouter();
  absl::Status StartRouter();
  // SIGTERM the gateway (it drains) and start it again on the same ports.
  absl::Status RestartGateway();

 private:
  explicit CoapStack(testing::TempDir dir) : dir_(std::move(dir)) {}
  absl::Status MakeCredentials();
  absl::Status StartGateway();
  absl::Status WaitReady(int admin_port, testing::Subprocess& process,
                         std::chrono::milliseconds deadline);

  testing::TempDir dir_;
  std::unique_ptr<testing::RedisServer> redis_;
  std::unique_ptr<testing::FakeHomeserver> homeserver_;
  std::unique_ptr<testing::Subprocess> router_;
  std::unique_ptr<testing::Subprocess> gateway_;
  http::CurlHttpClient http_{http::CurlHttpClientOptions{}};
  int router_ports_[4] = {0, 0, 0, 0};  // AS API, admin, ClientApi, MatrixOut
  int gateway_admin_port_ = 0;
  std::uint16_t plain_port_ = 0;
  std::uint16_t dtls_port_ = 0;
};

}  // namespace mxedge::coap_e2e
