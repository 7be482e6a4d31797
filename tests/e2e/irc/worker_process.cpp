#include "worker_process.hpp"

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "mxedge/testing/free_port.hpp"

namespace mxedge::irc_e2e {

std::string WorkerProcess::ConfigYaml(const WorkerProcessOptions& options, int grpc_port,
                                      int admin_port) {
  const WorkerTimings& t = options.timings;
  return absl::StrCat(
      "worker:\n  id: ", options.worker_id, "\n  threads: 1\n",
      "grpc:\n  listen: 127.0.0.1:", grpc_port, "\n  advertised_address: 127.0.0.1:", grpc_port,
      "\n", "admin:\n  listen_address: 127.0.0.1\n  port: ", admin_port, "\n",
      "redis:\n  url: ", options.redis_url,
      "\n  key_prefix: \"mxedge:\"\n  command_timeout: ", t.redis_command_timeout,
      "\n  connect_timeout: ", t.redis_command_timeout, "\n",
      "router:\n  matrix_out_address: ", options.matrix_out_address, "\n  request_timeout: 5s\n",
      "homeserver:\n  server_name: localhost\n", "ownership:\n  owner_timeout: ", t.owner_timeout,
      "\n  self_fence: ", t.self_fence, "\n  heartbeat_interval: ", t.heartbeat_interval,
      "\n  claim_grace: ", t.claim_grace, "\n  receiver_lease: ", t.receiver_lease,
      "\n  replay_window: ", t.replay_window, "\n", "drain:\n  timeout: ", t.drain_timeout, "\n",
      "networks:\n  - id: ", options.network,
      "\n    host: 127.0.0.1\n    port: ", options.ircd_port,
      "\n    connect_rate: 100\n    connect_burst: 100\n",
      "    flood_lines_per_second: 500\n    flood_burst: 100\n    flood_queue_limit: 2000\n",
      "    nick_template: \"$LOCALPART[m]\"\n",
      "    ghost_localpart_template: \"irc_$NETWORK_$NICK\"\n",
      "    quit_message: \"worker draining\"\n", "    channels:\n      - \"", options.channel,
      "\"\n", "log:\n  level: info\n");
}

absl::Status WorkerProcess::Launch() {
  absl::StatusOr<int> grpc_port = testing::FreeLoopbackPort();
  absl::StatusOr<int> admin_port = testing::FreeLoopbackPort();
  if (!grpc_port.ok() || !admin_port.ok()) {
    return grpc_port.ok() ? admin_port.status() : grpc_port.status();
  }
  admin_port_ = *admin_port;
  grpc_port_ = *grpc_port;
  const std::string config_path = dir_.File("config.yaml");
  if (absl::Status s =
          testing::WriteFile(config_path, ConfigYaml(options_, *grpc_port, *admin_port));
      !s.ok()) {
    return s;
  }
  testing::SubprocessOptions process;
  process.argv = {"/usr/bin/env",
                  absl::StrCat("MXEDGE_GRPC_INTERNAL_TOKEN=", options_.internal_token),
                  options_.binary, "--config", config_path};
  process.log_path = dir_.File("worker.log");
  absl::StatusOr<std::unique_ptr<testing::Subprocess>> started =
      testing::Subprocess::Start(std::move(process));
  if (!started.ok()) {
    return started.status();
  }
  process_ = std::move(*started);
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<WorkerProcess>> WorkerProcess::StartReady(
    const WorkerProcessOptions& options, std::chrono::milliseconds deadline) {
  absl::Status last = absl::UnknownError("not started");
  for (int attempt = 0; attempt < 3; ++attempt) {
    absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create("irc-e2e-worker");
    if (!dir.ok()) {
      return dir.status();
    }
    std::unique_ptr<WorkerProcess> worker(new WorkerProcess(options, std::move(*dir)));
    if (absl::Status s = worker->Launch(); !s.ok()) {
      return s;
    }
    last = worker->WaitReady(deadline);
    if (last.ok()) {
      return worker;
    }
    if (worker->process_->Running()) {
      return last;
    }
  }
  return last;
}

WorkerProcess::~WorkerProcess() {
  if (process_ != nullptr && process_->Running()) {
    (void)process_->Kill();
  }
}

std::string WorkerProcess::grpc_address() const { return absl::StrCat("127.0.0.1:", grpc_port_); }

std::string WorkerProcess::admin_url() const {
  return absl::StrCat("http://127.0.0.1:", admin_port_);
}

std::string WorkerProcess::Log() const {
  std::ifstream in(process_->log_path());
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

absl::Status WorkerProcess::WaitReady(std::chrono::milliseconds deadline) {
  const std::string url = absl::StrCat("http://127.0.0.1:", admin_port_, "/readyz");
  absl::Status ready = testing::WaitUntilReady(*process_, deadline, [&]() -> absl::Status {
    absl::StatusOr<http::Response> response =
        http_.Send({.url = url, .timeout = std::chrono::seconds(2)});
    if (!response.ok()) {
      return response.status();
    }
    if (response->status != 200) {
      return absl::UnavailableError(absl::StrCat("/readyz answered ", response->status));
    }
    return absl::OkStatus();
  });
  if (!ready.ok()) {
    return absl::Status(ready.code(), absl::StrCat("worker ", options_.worker_id, ": ",
                                                   ready.message(), "\n", LogTail()));
  }
  return absl::OkStatus();
}

}  // namespace mxedge::irc_e2e
