#pragma once
// One irc-worker process for end-to-end tests: its config file in its own temp dir, the internal
// token in the environment, free loopback ports for gRPC and admin, and its JSON-lines log.
#include <chrono>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/http/curl_http_client.hpp"
#include "mxedge/testing/subprocess.hpp"
#include "mxedge/testing/temp_dir.hpp"

namespace mxedge::irc_e2e {

// Short ownership timings so that a failover takes seconds (the defaults are 30 s / 25 s).
struct WorkerTimings {
  std::string owner_timeout = "5s";
  std::string self_fence = "3s";
  std::string heartbeat_interval = "500ms";
  std::string claim_grace = "1s";
  std::string receiver_lease = "2s";
  std::string replay_window = "20s";
  std::string redis_command_timeout = "500ms";
  std::string drain_timeout = "5s";
};

struct WorkerProcessOptions {
  std::string binary;
  std::string worker_id;
  std::string redis_url;  // may point at a TcpProxy in front of Redis
  std::string matrix_out_address;
  std::string internal_token;
  std::string network = "libera";
  int ircd_port = 0;
  std::string channel;  // "#chan=!room:localhost"
  WorkerTimings timings;
};

class WorkerProcess {
 public:
  // Start, then wait for /readyz; starts again with new ports (up to 3 times) when the process
  // exits before it is ready (another process took a free port meanwhile).
  static absl::StatusOr<std::unique_ptr<WorkerProcess>> StartReady(
      const WorkerProcessOptions& options, std::chrono::milliseconds deadline);
  ~WorkerProcess();  // SIGKILL if still running
  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;

  const std::string& id() const { return options_.worker_id; }
  // "127.0.0.1:<port>" of the worker's gRPC services (EventSink, IrcControl).
  std::string grpc_address() const;
  // "http://127.0.0.1:<port>" of the worker's admin server (/metrics, /readyz).
  std::string admin_url() const;
  testing::Subprocess& process() { return *process_; }
  std::string LogTail(size_t max_bytes = 4096) const { return process_->LogTail(max_bytes); }
  // The whole log so far (JSON lines), for counting what the worker reported.
  std::string Log() const;

  static std::string ConfigYaml(const WorkerProcessOptions& options, int grpc_port, int admin_port);

 private:
  WorkerProcess(WorkerProcessOptions options, testing::TempDir dir)
      : options_(std::move(options)), dir_(std::move(dir)) {}
  absl::Status Launch();
  absl::Status WaitReady(std::chrono::milliseconds deadline);

  WorkerProcessOptions options_;
  testing::TempDir dir_;
  int admin_port_ = 0;
  int grpc_port_ = 0;
  http::CurlHttpClient http_;
  std::unique_ptr<testing::Subprocess> process_;
};

}  // namespace mxedge::irc_e2e
