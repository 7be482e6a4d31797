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

// What differs between the end-to-end tests and the system benchmarks (bench/coap).
struct CoapStackOptions {
  // Prefix of the temporary directory and of the router id.
  std::string name = "coap-e2e";
  std::string log_level = "debug";
  // Tests shorten the gateway's router deadline, piggyback window and observe timings; the
  // benchmarks measure the production defaults.
  bool production_timings = false;
  // The gateway's per-source session cap; 0 keeps the default. Every benchmark session comes
  // from 127.0.0.1.
  int max_sessions_per_source = 0;
  // Stop the processes with SIGTERM (drain) instead of SIGKILL when the stack goes.
  bool graceful_stop = false;
};

class CoapStack {
 public:
  // Starts everything and waits until the router and the gateway answer /readyz 200.
  static absl::StatusOr<std::unique_ptr<CoapStack>> Start(CoapStackOptions options = {});
  ~CoapStack();
  CoapStack(const CoapStack&) = delete;
  CoapStack& operator=(const CoapStack&) = delete;

  testing::FakeHomeserver& homeserver() { return *homeserver_; }
  const std::string& dir() const { return dir_.path(); }
  std::uint16_t plain_port() const { return plain_port_; }
  std::uint16_t dtls_port() const { return dtls_port_; }
  // The gateway's self-signed EC P-256 certificate and its key (PEM).
  std::string cert_file() const { return dir_.File("server.crt"); }
  std::string key_file() const { return dir_.File("server.key"); }
  // A fresh room the AS sender has joined.
  std::string CreateRoom() { return homeserver_->CreateRoom(homeserver_->sender()); }
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
  CoapStack(testing::TempDir dir, CoapStackOptions options)
      : options_(std::move(options)), dir_(std::move(dir)) {}
  absl::Status MakeCredentials();
  absl::Status StartGateway();
  absl::Status WaitReady(int admin_port, testing::Subprocess& process,
                         std::chrono::milliseconds deadline);

  CoapStackOptions options_;
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
