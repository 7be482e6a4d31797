#pragma once
// One appservice-router process for end-to-end tests: a config file in its own temp dir, secrets
// in the environment (MXEDGE_*), free loopback ports for the AS API, admin and both gRPC
// servers, and its log (JSON lines) next to the config.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/http/curl_http_client.hpp"
#include "mxedge/testing/subprocess.hpp"
#include "mxedge/testing/temp_dir.hpp"

namespace mxedge::router_e2e {

struct RouterProcessOptions {
  std::string binary;
  std::string router_id;
  std::string redis_url;
  std::string homeserver_url;
  std::string sender_localpart = "bridge";
  std::string micropub_address;
  std::string as_token;
  std::string hs_token;
  std::string internal_token;
  int shards = 4;
  int batch_size = 10;
  std::string shard_lease_ttl = "3s";
  std::string heartbeat_interval = "500ms";
};

class RouterProcess {
 public:
  // Writes the config and starts the process; it is not ready yet (WaitReady).
  static absl::StatusOr<std::unique_ptr<RouterProcess>> Start(RouterProcessOptions options);
  ~RouterProcess();  // SIGKILL if still running
  RouterProcess(const RouterProcess&) = delete;
  RouterProcess& operator=(const RouterProcess&) = delete;

  // Start + WaitReady; starts again with new ports (up to 3 times) when the process exits before
  // it is ready, as when another process took one of its free ports in the meantime.
  static absl::StatusOr<std::unique_ptr<RouterProcess>> StartReady(
      const RouterProcessOptions& options, std::chrono::milliseconds deadline);

  // Polls /readyz until it answers 200; fails when the process exits or at the deadline (with the
  // log tail).
  absl::Status WaitReady(std::chrono::milliseconds deadline);
  // The HTTP status of GET /readyz, or why there was none.
  absl::StatusOr<int> ReadyzStatus();

  const std::string& router_id() const { return options_.router_id; }
  std::string as_url() const;
  int admin_port() const { return admin_port_; }
  testing::Subprocess& process() { return *process_; }
  std::string LogTail(size_t max_bytes = 4096) const { return process_->LogTail(max_bytes); }

  // The config file this router runs with, for other test processes (the CLI tests).
  static std::string ConfigYaml(const RouterProcessOptions& options, int as_port, int admin_port,
                                int client_api_port, int matrix_out_port);
  // `env NAME=value ... <binary>`: the router's argv prefix carrying the secrets.
  static std::vector<std::string> EnvArgv(const RouterProcessOptions& options);

 private:
  RouterProcess(RouterProcessOptions options, testing::TempDir dir)
      : options_(std::move(options)), dir_(std::move(dir)) {}

  RouterProcessOptions options_;
  testing::TempDir dir_;
  int as_port_ = 0;
  int admin_port_ = 0;
  http::CurlHttpClient http_;
  std::unique_ptr<testing::Subprocess> process_;
};

}  // namespace mxedge::router_e2e
