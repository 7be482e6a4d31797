#pragma once
// The system under measurement as processes on 127.0.0.1: redis-server, the FakeHomeserver
// (in-process), one appservice-router and one coap-gateway (both Release binaries of this tree,
// log level info) with a plain CoAP endpoint and a DTLS endpoint offering an EC P-256 certificate
// and a PSK. The HTTP baselines talk to the same FakeHomeserver.
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

namespace mxedge::coap_bench {

inline constexpr char kPskIdentity[] = "bench";
inline constexpr char kPskKey[] = "coap-bench-psk-key-0123456789";

class BenchStack {
 public:
  static absl::StatusOr<std::unique_ptr<BenchStack>> Start();
  ~BenchStack();
  BenchStack(const BenchStack&) = delete;
  BenchStack& operator=(const BenchStack&) = delete;

  testing::FakeHomeserver& homeserver() { return *homeserver_; }
  std::uint16_t plain_port() const { return plain_port_; }
  std::uint16_t dtls_port() const { return dtls_port_; }
  std::string cert_file() const { return dir_.File("server.crt"); }
  std::string key_file() const { return dir_.File("server.key"); }
  const std::string& access_token() const { return homeserver_->options().as_token; }
  // A fresh room the AS sender has joined.
  std::string CreateRoom();
  std::string GatewayLogTail() const;

 private:
  explicit BenchStack(testing::TempDir dir) : dir_(std::move(dir)) {}
  absl::Status MakeCredentials();
  absl::Status StartRouter();
  absl::Status StartGateway();
  absl::Status WaitReady(int admin_port, testing::Subprocess& process);

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

// A UDP port on 127.0.0.1 that was free a moment ago.
absl::StatusOr<std::uint16_t> FreeUdpPort();

}  // namespace mxedge::coap_bench
