#include "router_process.hpp"

#include <utility>

#include "absl/strings/str_cat.h"
#include "mxedge/testing/free_port.hpp"

namespace mxedge::router_e2e {

std::string RouterProcess::ConfigYaml(const RouterProcessOptions& options, int as_port,
                                      int admin_port, int client_api_port, int matrix_out_port) {
  return absl::StrCat(
      "homeserver:\n  url: ", options.homeserver_url,
      "\n  server_name: localhost\n  request_timeout: 5s\n  connect_timeout: 1s\n",
      "appservice:\n  id: mxedge\n  sender_localpart: ", options.sender_localpart,
      "\n  url: http://127.0.0.1:", as_port, "\n",
      "http:\n  listen_address: 127.0.0.1\n  port: ", as_port, "\n",
      "admin:\n  listen_address: 127.0.0.1\n  port: ", admin_port, "\n",
      "redis:\n  url: ", options.redis_url, "\n  pool_size: 4\n",
      "dispatch:\n  shards: ", options.shards, "\n  batch_size: ", options.batch_size,
      "\n  backoff_min: 50ms\n  backoff_max: 1s\n  shard_lease_ttl: ", options.shard_lease_ttl,
      "\n  heartbeat_interval: ", options.heartbeat_interval, "\n",
      "sinks:\n  micropub_address: \"", options.micropub_address, "\"\n",
      "grpc:\n  client_api_listen: 127.0.0.1:", client_api_port,
      "\n  matrix_out_listen: 127.0.0.1:", matrix_out_port, "\n",
      "micropub:\n  bot_localpart: micropub\n",
      "irc:\n  networks:\n    - id: libera\n      server_name: Libera.Chat\n",
      "      ghost_localpart_template: irc_$NETWORK_$NICK\n",
      "      portal_alias_template: \"#irc_$NETWORK_$CHANNEL\"\n",
      "      bot_localpart: irc_$NETWORK\n", "log:\n  level: info\n");
}

std::vector<std::string> RouterProcess::EnvArgv(const RouterProcessOptions& options) {
  return {"/usr/bin/env",
          absl::StrCat("MXEDGE_HOMESERVER_AS_TOKEN=", options.as_token),
          absl::StrCat("MXEDGE_HOMESERVER_HS_TOKEN=", options.hs_token),
          absl::StrCat("MXEDGE_GRPC_INTERNAL_TOKEN=", options.internal_token),
          absl::StrCat("MXEDGE_DISPATCH_ROUTER_ID=", options.router_id),
          options.binary};
}

absl::StatusOr<std::unique_ptr<RouterProcess>> RouterProcess::Start(RouterProcessOptions options) {
  absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create("router-e2e");
  if (!dir.ok()) {
    return dir.status();
  }
  std::unique_ptr<RouterProcess> router(new RouterProcess(std::move(options), std::move(*dir)));
  std::vector<int> ports;
  for (int i = 0; i < 4; ++i) {
    absl::StatusOr<int> port = testing::FreeLoopbackPort();
    if (!port.ok()) {
      return port.status();
    }
    ports.push_back(*port);
  }
  router->as_port_ = ports[0];
  router->admin_port_ = ports[1];
  std::string config_path = router->dir_.File("config.yaml");
  if (absl::Status s = testing::WriteFile(
          config_path, ConfigYaml(router->options_, ports[0], ports[1], ports[2], ports[3]));
      !s.ok()) {
    return s;
  }
  testing::SubprocessOptions process;
  process.argv = EnvArgv(router->options_);
  process.argv.push_back("--config");
  process.argv.push_back(config_path);
  process.log_path = router->dir_.File("router.log");
  absl::StatusOr<std::unique_ptr<testing::Subprocess>> started =
      testing::Subprocess::Start(std::move(process));
  if (!started.ok()) {
    return started.status();
  }
  router->process_ = std::move(*started);
  return router;
}

absl::StatusOr<std::unique_ptr<RouterProcess>> RouterProcess::StartReady(
    const RouterProcessOptions& options, std::chrono::milliseconds deadline) {
  absl::Status last = absl::UnknownError("not started");
  for (int attempt = 0; attempt < 3; ++attempt) {
    absl::StatusOr<std::unique_ptr<RouterProcess>> router = Start(options);
    if (!router.ok()) {
      return router.status();
    }
    last = (*router)->WaitReady(deadline);
    if (last.ok()) {
      return router;
    }
    if ((*router)->process_->Running()) {
      return last;
    }
  }
  return last;
}

RouterProcess::~RouterProcess() {
  if (process_ != nullptr && process_->Running()) {
    (void)process_->Kill();
  }
}

std::string RouterProcess::as_url() const { return absl::StrCat("http://127.0.0.1:", as_port_); }

absl::StatusOr<int> RouterProcess::ReadyzStatus() {
  http::ClientRequest request;
  request.url = absl::StrCat("http://127.0.0.1:", admin_port_, "/readyz");
  request.timeout = std::chrono::milliseconds(2000);
  absl::StatusOr<http::Response> response = http_.Send(request);
  if (!response.ok()) {
    return response.status();
  }
  return response->status;
}

absl::Status RouterProcess::WaitReady(std::chrono::milliseconds deadline) {
  absl::Status ready = testing::WaitUntilReady(*process_, deadline, [this]() -> absl::Status {
    absl::StatusOr<int> status = ReadyzStatus();
    if (!status.ok()) {
      return status.status();
    }
    if (*status != 200) {
      return absl::UnavailableError(absl::StrCat("/readyz answered ", *status));
    }
    return absl::OkStatus();
  });
  if (!ready.ok()) {
    return absl::Status(ready.code(), absl::StrCat("router ", options_.router_id, ": ",
                                                   ready.message(), "\n", LogTail()));
  }
  return absl::OkStatus();
}

}  // namespace mxedge::router_e2e
