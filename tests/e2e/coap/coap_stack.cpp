#include "coap_stack.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sys/wait.h>

#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "mxedge/testing/free_port.hpp"
#include "router/router_process.hpp"

namespace mxedge::coap_e2e {
namespace {

using std::chrono::milliseconds;

constexpr auto kReadyDeadline = milliseconds(60'000);

absl::Status RunToCompletion(std::vector<std::string> argv, const std::string& log_path) {
  testing::SubprocessOptions options;
  options.argv = std::move(argv);
  options.log_path = log_path;
  absl::StatusOr<std::unique_ptr<testing::Subprocess>> process =
      testing::Subprocess::Start(std::move(options));
  if (!process.ok()) {
    return process.status();
  }
  if (absl::Status s = (*process)->Wait(milliseconds(30'000)); !s.ok()) {
    return s;
  }
  std::optional<int> status = (*process)->wait_status();
  if (!status || !WIFEXITED(*status) || WEXITSTATUS(*status) != 0) {
    return absl::InternalError(absl::StrCat("command failed: ", (*process)->LogTail()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::uint16_t> FreeUdpPort() {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) {
    return absl::InternalError("socket() failed");
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t length = sizeof(addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) != 0) {
    close(fd);
    return absl::InternalError("bind() failed");
  }
  close(fd);
  return ntohs(addr.sin_port);
}

absl::StatusOr<std::unique_ptr<CoapStack>> CoapStack::Start(CoapStackOptions options) {
  absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create(options.name);
  if (!dir.ok()) {
    return dir.status();
  }
  std::unique_ptr<CoapStack> stack(new CoapStack(std::move(*dir), std::move(options)));
  if (absl::Status s = stack->MakeCredentials(); !s.ok()) {
    return s;
  }
  absl::StatusOr<std::unique_ptr<testing::RedisServer>> redis = testing::RedisServer::Start();
  if (!redis.ok()) {
    return redis.status();
  }
  stack->redis_ = std::move(*redis);
  stack->homeserver_ = std::make_unique<testing::FakeHomeserver>();
  if (absl::Status s = stack->homeserver_->Start(); !s.ok()) {
    return s;
  }
  for (int& port : stack->router_ports_) {
    absl::StatusOr<int> free = testing::FreeLoopbackPort();
    if (!free.ok()) {
      return free.status();
    }
    port = *free;
  }
  absl::StatusOr<int> admin = testing::FreeLoopbackPort();
  absl::StatusOr<std::uint16_t> plain = FreeUdpPort();
  absl::StatusOr<std::uint16_t> dtls = FreeUdpPort();
  if (!admin.ok() || !plain.ok() || !dtls.ok()) {
    return absl::InternalError("no free ports");
  }
  stack->gateway_admin_port_ = *admin;
  stack->plain_port_ = *plain;
  stack->dtls_port_ = *dtls;
  if (absl::Status s = stack->StartRouter(); !s.ok()) {
    return s;
  }
  if (absl::Status s = stack->StartGateway(); !s.ok()) {
    return s;
  }
  return stack;
}

CoapStack::~CoapStack() {
  if (gateway_) {
    (void)(options_.graceful_stop ? gateway_->Terminate(milliseconds(5'000)) : gateway_->Kill());
  }
  if (router_) {
    (void)(options_.graceful_stop ? router_->Terminate(milliseconds(5'000)) : router_->Kill());
  }
}

absl::Status CoapStack::MakeCredentials() {
  const std::string key = dir_.File("server.key");
  const std::string cert = dir_.File("server.crt");
  if (absl::Status s = RunToCompletion(
          {"/usr/bin/openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key},
          dir_.File("openssl-key.log"));
      !s.ok()) {
    return s;
  }
  // A certificate without X.509v3 extensions (openssl's default config adds key identifiers
  // and basicConstraints): 293 bytes of DER instead of 385, sent in every new DTLS handshake.
  const std::string config = dir_.File("openssl-req.cnf");
  if (absl::Status s = testing::WriteFile(
          config, "[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = localhost\n");
      !s.ok()) {
    return s;
  }
  if (absl::Status s = RunToCompletion({"/usr/bin/openssl", "req", "-new", "-x509", "-key", key,
                                        "-out", cert, "-days", "2", "-config", config},
                                       dir_.File("openssl-cert.log"));
      !s.ok()) {
    return s;
  }
  return testing::WriteFile(
      dir_.File("psk.txt"),
      absl::StrCat("# e2e clients\n", kPskIdentity, ":", absl::BytesToHexString(kPskKey), "\n"));
}

absl::Status CoapStack::StartRouter() {
  router_e2e::RouterProcessOptions options;
  options.binary = MXEDGE_ROUTER_BIN;
  options.router_id = absl::StrCat(options_.name, "-router");
  options.redis_url = redis_->url();
  options.homeserver_url = homeserver_->base_url();
  options.sender_localpart = homeserver_->options().sender_localpart;
  options.as_token = homeserver_->options().as_token;
  options.hs_token = homeserver_->options().hs_token;
  options.internal_token = kInternalToken;
  const std::string config_path = dir_.File("router.yaml");
  if (absl::Status s = testing::WriteFile(
          config_path,
          router_e2e::RouterProcess::ConfigYaml(options, router_ports_[0], router_ports_[1],
                                                router_ports_[2], router_ports_[3]));
      !s.ok()) {
    return s;
  }
  testing::SubprocessOptions process;
  process.argv = router_e2e::RouterProcess::EnvArgv(options);
  process.argv.insert(process.argv.end(), {"--config", config_path});
  process.log_path = dir_.File("router.log");
  absl::StatusOr<std::unique_ptr<testing::Subprocess>> started =
      testing::Subprocess::Start(std::move(process));
  if (!started.ok()) {
    return started.status();
  }
  router_ = std::move(*started);
  return WaitReady(router_ports_[1], *router_, kReadyDeadline);
}

absl::Status CoapStack::KillRouter() {
  absl::Status killed = router_->Kill();
  router_.reset();
  return killed;
}

absl::Status CoapStack::StartGateway() {
  const std::string config_path = dir_.File("gateway.yaml");
  std::string yaml = absl::StrCat(
      "listen:\n  dtls: 127.0.0.1:", dtls_port_, "\n  plain: 127.0.0.1:", plain_port_, "\n",
      "dtls:\n  cert_file: ", dir_.File("server.crt"), "\n  key_file: ", dir_.File("server.key"),
      "\n  psk_file: ", dir_.File("psk.txt"), "\n",
      "router:\n  address: 127.0.0.1:", router_ports_[2], "\n",
      options_.production_timings ? "" : "  deadline: 5s\n",
      options_.production_timings
          ? ""
          : "coap:\n  piggyback_window: 500ms\nobserve:\n  poll_timeout: 1s\n  max_age: 5s\n",
      options_.max_sessions_per_source > 0
          ? absl::StrCat("sessions:\n  max_per_source: ", options_.max_sessions_per_source, "\n")
          : std::string(),
      "admin:\n  listen_address: 127.0.0.1\n  port: ", gateway_admin_port_, "\n",
      "log:\n  level: ", options_.log_level, "\n");
  if (absl::Status s = testing::WriteFile(config_path, yaml); !s.ok()) {
    return s;
  }
  testing::SubprocessOptions process;
  process.argv = {"/usr/bin/env", absl::StrCat("MXEDGE_GRPC_INTERNAL_TOKEN=", kInternalToken),
                  MXEDGE_GATEWAY_BIN, "--config", config_path};
  process.log_path = dir_.File("gateway.log");
  absl::StatusOr<std::unique_ptr<testing::Subprocess>> started =
      testing::Subprocess::Start(std::move(process));
  if (!started.ok()) {
    return started.status();
  }
  gateway_ = std::move(*started);
  return WaitReady(gateway_admin_port_, *gateway_, kReadyDeadline);
}

absl::Status CoapStack::RestartGateway() {
  if (absl::Status s = gateway_->Terminate(milliseconds(15'000)); !s.ok()) {
    return s;
  }
  gateway_.reset();
  return StartGateway();
}

absl::Status CoapStack::WaitReady(int admin_port, testing::Subprocess& process,
                                  std::chrono::milliseconds deadline) {
  auto until = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < until) {
    if (!process.Running()) {
      return absl::FailedPreconditionError(
          absl::StrCat("process exited before it was ready:\n", process.LogTail()));
    }
    http::ClientRequest request;
    request.url = absl::StrCat("http://127.0.0.1:", admin_port, "/readyz");
    request.timeout = milliseconds(1000);
    absl::StatusOr<http::Response> response = http_.Send(request);
    if (response.ok() && response->status == 200) {
      return absl::OkStatus();
    }
    std::this_thread::sleep_for(milliseconds(50));  // polling interval of the readiness wait
  }
  return absl::DeadlineExceededError(absl::StrCat("not ready:\n", process.LogTail()));
}

absl::StatusOr<int> CoapStack::GatewayReadyz() {
  http::ClientRequest request;
  request.url = absl::StrCat("http://127.0.0.1:", gateway_admin_port_, "/readyz");
  request.timeout = milliseconds(3000);
  absl::StatusOr<http::Response> response = http_.Send(request);
  if (!response.ok()) {
    return response.status();
  }
  return response->status;
}

absl::StatusOr<std::string> CoapStack::GatewayMetrics() {
  http::ClientRequest request;
  request.url = absl::StrCat("http://127.0.0.1:", gateway_admin_port_, "/metrics");
  request.timeout = milliseconds(3000);
  absl::StatusOr<http::Response> response = http_.Send(request);
  if (!response.ok()) {
    return response.status();
  }
  return response->body;
}

std::string CoapStack::GatewayLogTail(size_t max_bytes) const {
  return gateway_ ? gateway_->LogTail(max_bytes) : std::string();
}

std::string CoapStack::plain_uri(const std::string& path) const {
  return absl::StrCat("coap://127.0.0.1:", plain_port_, path);
}

std::string CoapStack::dtls_uri(const std::string& path) const {
  return absl::StrCat("coaps://127.0.0.1:", dtls_port_, path);
}

}  // namespace mxedge::coap_e2e
