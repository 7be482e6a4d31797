// The irc-worker binary against ngIRCd's TLS listener (a self-signed certificate made for the
// test): the puppet connects with `tls: true` and verifies the server against `tls_ca_file` (WHOIS
// shows its secure link); with another CA the handshake is refused, logged with its reason and
// counted.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client_certificate.hpp"
#include "irc_keys.hpp"
#include "mxedge/http/curl_http_client.hpp"
#include "mxedge/redis/hiredis_client.hpp"
#include "mxedge/testing/free_port.hpp"
#include "mxedge/testing/irc_test_client.hpp"
#include "mxedge/testing/ngircd.hpp"
#include "mxedge/testing/redis_server.hpp"
#include "mxedge/testing/scripted_irc_server.hpp"
#include "mxedge/testing/subprocess.hpp"
#include "mxedge/testing/temp_dir.hpp"
#include "puppet_identity.hpp"

namespace mxedge::irc_worker {
namespace {

using mxedge::testing::FreeLoopbackPort;
using mxedge::testing::IrcTestClient;
using mxedge::testing::Ngircd;
using mxedge::testing::RedisServer;
using mxedge::testing::Subprocess;
using mxedge::testing::TempDir;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr char kAlice[] = "@alice:localhost";

// One irc-worker process with a single TLS network; ready once /readyz answers 200.
class TlsWorker {
 public:
  static absl::StatusOr<std::unique_ptr<TlsWorker>> Start(const RedisServer& redis,
                                                          const Ngircd& ircd,
                                                          const std::string& ca_file,
                                                          const std::string& cert_dir,
                                                          const std::string& prefix) {
    auto worker = std::unique_ptr<TlsWorker>(new TlsWorker());
    absl::StatusOr<TempDir> dir = TempDir::Create("irc-worker-tls");
    if (!dir.ok()) return dir.status();
    worker->dir_.emplace(*std::move(dir));
    absl::StatusOr<int> admin_port = FreeLoopbackPort();
    absl::StatusOr<int> grpc_port = FreeLoopbackPort();
    if (!admin_port.ok() || !grpc_port.ok()) return absl::UnavailableError("no free port");
    worker->admin_port_ = *admin_port;
    const std::string config = absl::StrCat(
        "worker:\n  id: ", prefix, "-worker\n  threads: 1\n",
        "grpc:\n  listen: 127.0.0.1:", *grpc_port, "\n",
        "admin:\n  listen_address: 127.0.0.1\n  port: ", *admin_port, "\n",
        "redis:\n  url: ", redis.url(), "\n  key_prefix: \"", prefix, ":\"\n",
        "ownership:\n  owner_timeout: 10s\n  self_fence: 8s\n  heartbeat_interval: 300ms\n"
        "  claim_grace: 1s\n",
        "networks:\n  - id: local\n    host: localhost\n    port: ", ircd.tls_port(),
        "\n    tls: true\n    tls_ca_file: ", ca_file, "\n    tls_client_cert_dir: ", cert_dir,
        "\n");
    const std::string config_path = worker->dir_->File("config.yaml");
    if (absl::Status s = mxedge::testing::WriteFile(config_path, config); !s.ok()) return s;
    setenv("MXEDGE_GRPC_INTERNAL_TOKEN", "tls-test-token", 1);
    absl::StatusOr<std::unique_ptr<Subprocess>> process =
        Subprocess::Start({.argv = {MXEDGE_IRC_WORKER_BIN, "--config", config_path},
                           .log_path = worker->dir_->File("worker.log"),
                           .working_dir = ""});
    unsetenv("MXEDGE_GRPC_INTERNAL_TOKEN");
    if (!process.ok()) return process.status();
    worker->process_ = *std::move(process);
    const std::string readyz = absl::StrCat("http://127.0.0.1:", *admin_port, "/readyz");
    absl::Status ready =
        mxedge::testing::WaitUntilReady(*worker->process_, seconds(30), [&]() -> absl::Status {
          absl::StatusOr<http::Response> response =
              worker->http_.Send({.url = readyz, .timeout = seconds(2)});
          if (!response.ok()) return response.status();
          if (response->status != 200) return absl::UnavailableError("not ready");
          return absl::OkStatus();
        });
    if (!ready.ok()) {
      return absl::UnavailableError(absl::StrCat(ready.message(), "\n", worker->LogTail()));
    }
    return worker;
  }

  std::string Metrics() {
    absl::StatusOr<http::Response> response = http_.Send(
        {.url = absl::StrCat("http://127.0.0.1:", admin_port_, "/metrics"), .timeout = seconds(2)});
    return response.ok() ? response->body : std::string();
  }
  std::string LogTail() const { return process_->LogTail(8192); }

 private:
  TlsWorker() = default;
  std::optional<TempDir> dir_;
  int admin_port_ = 0;
  http::CurlHttpClient http_;
  std::unique_ptr<Subprocess> process_;
};

absl::Status Want(const RedisServer& server, const std::string& prefix, const std::string& mxid) {
  absl::StatusOr<std::unique_ptr<redis::HiredisClient>> redis =
      redis::HiredisClient::Create({.url = server.url()});
  if (!redis.ok()) return redis.status();
  std::vector<std::string> sadd = {"SADD", IrcKeys(prefix + ":").Want("local"), mxid};
  return (*redis)->Execute(sadd).status();
}

// WHOIS `nick` until the answer has a `numeric` line; returns that line.
absl::StatusOr<std::string> WhoisUntil(IrcTestClient& client, const std::string& nick,
                                       const std::string& numeric, milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::vector<std::string> seen;
  while (std::chrono::steady_clock::now() < deadline) {
    if (absl::Status s = client.Send(absl::StrCat("WHOIS ", nick)); !s.ok()) return s;
    seen.clear();
    absl::StatusOr<std::string> end = client.ReadUntilCommand("318", seconds(5), &seen);
    if (!end.ok()) return end.status();
    for (const std::string& line : seen) {
      if (mxedge::testing::IrcLineCommand(line) == numeric) {
        return line;
      }
    }
    // Not connected yet (401): ask again shortly.
    std::this_thread::sleep_for(milliseconds(200));
  }
  return absl::DeadlineExceededError(absl::StrCat(
      "no ", numeric, " for ", nick, "; the last WHOIS answer:\n", absl::StrJoin(seen, "\n")));
}

// The puppet reaches ngIRCd's TLS port, verifying the server against the configured CA file (the
// connection would be refused otherwise: see the next test). ngIRCd does not ask clients for a
// certificate, so the client certificate itself is checked against the scripted server
// (ClientCertificateScriptedTest), which does.
TEST(TlsIntegrationTest, PuppetConnectsOverVerifiedTls) {
  absl::StatusOr<std::unique_ptr<RedisServer>> redis = RedisServer::Start();
  ASSERT_TRUE(redis.ok()) << redis.status();
  absl::StatusOr<std::unique_ptr<Ngircd>> ircd = Ngircd::Start({.tls = true});
  ASSERT_TRUE(ircd.ok()) << ircd.status();
  absl::StatusOr<TempDir> certs = TempDir::Create("irc-worker-certs");
  ASSERT_TRUE(certs.ok());

  absl::StatusOr<std::unique_ptr<TlsWorker>> worker =
      TlsWorker::Start(**redis, **ircd, (*ircd)->ca_file(), certs->path(), "tlsok");
  ASSERT_TRUE(worker.ok()) << worker.status();
  ASSERT_TRUE(Want(**redis, "tlsok", kAlice).ok());

  absl::StatusOr<IrcTestClient> observer = IrcTestClient::Connect((*ircd)->port(), seconds(5));
  ASSERT_TRUE(observer.ok()) << observer.status();
  ASSERT_TRUE(observer->Register("watcher", seconds(5)).ok());
  // 275: "is connected via SSL (secure link)".
  absl::StatusOr<std::string> secure =
      WhoisUntil(*observer, RenderNick("$LOCALPART[m]", kAlice), "275", seconds(30));
  ASSERT_TRUE(secure.ok()) << secure.status() << "\n" << (*worker)->LogTail();
  // The puppet's connection lease (and the network bot's, which is wanted too) is counted.
  const std::string metrics = (*worker)->Metrics();
  const std::string held = "mxedge_irc_worker_leases_held{lease=\"connection\"} ";
  const std::size_t at = metrics.find(held);
  ASSERT_NE(at, std::string::npos) << metrics;
  EXPECT_GE(std::atof(metrics.c_str() + at + held.size()), 1.0) << metrics;
}

TEST(TlsIntegrationTest, AServerCertificateFromAnotherCaIsRefusedWithItsReason) {
  absl::StatusOr<std::unique_ptr<RedisServer>> redis = RedisServer::Start();
  ASSERT_TRUE(redis.ok()) << redis.status();
  absl::StatusOr<std::unique_ptr<Ngircd>> ircd = Ngircd::Start({.tls = true});
  ASSERT_TRUE(ircd.ok()) << ircd.status();
  absl::StatusOr<TempDir> other = TempDir::Create("irc-worker-other-ca");
  ASSERT_TRUE(other.ok());
  absl::StatusOr<std::pair<std::string, std::string>> other_ca =
      mxedge::testing::MakeSelfSignedCert(other->path());
  ASSERT_TRUE(other_ca.ok()) << other_ca.status();

  absl::StatusOr<std::unique_ptr<TlsWorker>> worker =
      TlsWorker::Start(**redis, **ircd, other_ca->first, other->path(), "tlsbad");
  ASSERT_TRUE(worker.ok()) << worker.status();
  ASSERT_TRUE(Want(**redis, "tlsbad", kAlice).ok());

  const std::string refused = "mxedge_irc_worker_closes_total{reason=\"tls_failed\"} ";
  const auto deadline = std::chrono::steady_clock::now() + seconds(20);
  std::string metrics;
  while (std::chrono::steady_clock::now() < deadline) {
    metrics = (*worker)->Metrics();
    const std::size_t at = metrics.find(refused);
    if (at != std::string::npos && metrics.compare(at + refused.size(), 2, "0\n") != 0) {
      break;
    }
    std::this_thread::sleep_for(milliseconds(100));
  }
  const std::size_t at = metrics.find(refused);
  ASSERT_NE(at, std::string::npos) << metrics;
  EXPECT_NE(metrics.compare(at + refused.size(), 2, "0\n"), 0) << metrics;
  EXPECT_NE((*worker)->LogTail().find("certificate verify failed"), std::string::npos)
      << (*worker)->LogTail();
}

}  // namespace
}  // namespace mxedge::irc_worker
