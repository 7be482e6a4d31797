#include "irc_system_stack.hpp"

#include <utility>

#include "absl/strings/str_cat.h"
#include "mxedge/testing/free_port.hpp"

namespace mxedge::irc_bench {
namespace {

constexpr std::chrono::milliseconds kReadyDeadline{30'000};
constexpr char kSenderLocalpart[] = "bridge";

absl::StatusOr<std::vector<int>> FreePorts(int count) {
  std::vector<int> ports;
  for (int i = 0; i < count; ++i) {
    absl::StatusOr<int> port = testing::FreeLoopbackPort();
    if (!port.ok()) {
      return port.status();
    }
    ports.push_back(*port);
  }
  return ports;
}

}  // namespace

absl::StatusOr<std::unique_ptr<IrcSystemStack>> IrcSystemStack::Start(IrcSystemOptions options) {
  absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create("irc-system-bench");
  if (!dir.ok()) {
    return dir.status();
  }
  std::unique_ptr<IrcSystemStack> stack(new IrcSystemStack(std::move(options), *std::move(dir)));
  absl::StatusOr<std::unique_ptr<testing::RedisServer>> redis = testing::RedisServer::Start();
  if (!redis.ok()) {
    return redis.status();
  }
  stack->redis_server_ = *std::move(redis);
  absl::StatusOr<std::unique_ptr<redis::HiredisClient>> client =
      redis::HiredisClient::Create({.url = stack->redis_server_->url()});
  if (!client.ok()) {
    return client.status();
  }
  stack->redis_client_ = *std::move(client);
  absl::StatusOr<std::unique_ptr<testing::Ngircd>> ngircd = testing::Ngircd::Start();
  if (!ngircd.ok()) {
    return ngircd.status();
  }
  stack->ngircd_ = *std::move(ngircd);
  testing::FakeHomeserverOptions hs;
  hs.sender_localpart = kSenderLocalpart;
  hs.max_events_per_transaction = 100;
  stack->homeserver_ = std::make_unique<testing::FakeHomeserver>(hs);
  if (absl::Status s = stack->homeserver_->Start(); !s.ok()) {
    return s;
  }
  stack->room_id_ = stack->homeserver_->CreateRoom(stack->homeserver_->sender());
  // The router sends this room's events to the irc-workers of network `local`.
  std::vector<std::string> portal = {"HSET",    absl::StrCat("mxedge:irc:room:", stack->room_id_),
                                     "network", kNetwork,
                                     "kind",    "portal",
                                     "channel", kChannel};
  if (absl::StatusOr<redis::Reply> r = stack->redis_client_->Execute(portal); !r.ok()) {
    return r.status();
  }
  if (absl::Status s = stack->StartRouter(); !s.ok()) {
    return s;
  }
  for (int i = 0; i < stack->options_.workers; ++i) {
    if (absl::Status s = stack->StartWorker(i); !s.ok()) {
      return s;
    }
  }
  return stack;
}

IrcSystemStack::~IrcSystemStack() {
  for (auto& worker : workers_) {
    if (worker != nullptr && worker->Running()) {
      (void)worker->Kill();
    }
  }
  if (router_ != nullptr && router_->Running()) {
    (void)router_->Kill();
  }
}

absl::Status IrcSystemStack::WaitReadyz(testing::Subprocess& process, int admin_port,
                                        const std::string& name) {
  const std::string url = absl::StrCat("http://127.0.0.1:", admin_port, "/readyz");
  absl::Status ready = testing::WaitUntilReady(process, kReadyDeadline, [&]() -> absl::Status {
    absl::StatusOr<http::Response> response =
        http_.Send({.url = url, .timeout = std::chrono::seconds(2)});
    if (!response.ok()) {
      return response.status();
    }
    if (response->status != 200) {
      return absl::UnavailableError(absl::StrCat("/readyz ", response->status));
    }
    return absl::OkStatus();
  });
  if (!ready.ok()) {
    return absl::Status(ready.code(),
                        absl::StrCat(name, ": ", ready.message(), "\n", process.LogTail()));
  }
  return absl::OkStatus();
}

absl::Status IrcSystemStack::StartRouter() {
  absl::StatusOr<std::vector<int>> ports = FreePorts(4);
  if (!ports.ok()) {
    return ports.status();
  }
  const int as_port = (*ports)[0];
  const int admin_port = (*ports)[1];
  matrix_out_port_ = (*ports)[3];
  const std::string config = absl::StrCat(
      "homeserver:\n  url: ", homeserver_->base_url(),
      "\n  server_name: localhost\n  request_timeout: 5s\n  connect_timeout: 1s\n",
      "appservice:\n  id: mxedge\n  sender_localpart: ", kSenderLocalpart,
      "\n  url: http://127.0.0.1:", as_port, "\n",
      "http:\n  listen_address: 127.0.0.1\n  port: ", as_port, "\n",
      "admin:\n  listen_address: 127.0.0.1\n  port: ", admin_port, "\n",
      "redis:\n  url: ", redis_server_->url(), "\n  pool_size: 8\n",
      "dispatch:\n  shards: 4\n  batch_size: 100\n  backoff_min: 20ms\n  backoff_max: 500ms\n"
      "  shard_lease_ttl: 3s\n  heartbeat_interval: 500ms\n",
      "sinks:\n  micropub_address: \"\"\n", "grpc:\n  client_api_listen: 127.0.0.1:", (*ports)[2],
      "\n  matrix_out_listen: 127.0.0.1:", matrix_out_port_, "\n",
      "micropub:\n  bot_localpart: micropub\n", "irc:\n  networks:\n    - id: ", kNetwork,
      "\n      server_name: Local\n", "      ghost_localpart_template: irc_$NETWORK_$NICK\n",
      "      portal_alias_template: \"#irc_$NETWORK_$CHANNEL\"\n",
      "      bot_localpart: irc_$NETWORK\n", "log:\n  level: warn\n");
  const std::string path = dir_.File("router.yaml");
  if (absl::Status s = testing::WriteFile(path, config); !s.ok()) {
    return s;
  }
  const testing::FakeHomeserverOptions& hs = homeserver_->options();
  absl::StatusOr<std::unique_ptr<testing::Subprocess>> router = testing::Subprocess::Start(
      {.argv = {"/usr/bin/env", absl::StrCat("MXEDGE_HOMESERVER_AS_TOKEN=", hs.as_token),
                absl::StrCat("MXEDGE_HOMESERVER_HS_TOKEN=", hs.hs_token),
                absl::StrCat("MXEDGE_GRPC_INTERNAL_TOKEN=", kInternalToken),
                "MXEDGE_DISPATCH_ROUTER_ID=bench-router", options_.router_binary, "--config", path},
       .log_path = dir_.File("router.log"),
       .working_dir = ""});
  if (!router.ok()) {
    return router.status();
  }
  router_ = *std::move(router);
  if (absl::Status s = WaitReadyz(*router_, admin_port, "appservice-router"); !s.ok()) {
    return s;
  }
  homeserver_->SetAsUrl(absl::StrCat("http://127.0.0.1:", as_port));
  return absl::OkStatus();
}

std::string IrcSystemStack::worker_id(int index) const { return absl::StrCat("w", index); }

int IrcSystemStack::WorkerIndex(std::string_view id) const {
  for (int i = 0; i < worker_count(); ++i) {
    if (worker_id(i) == id) {
      return i;
    }
  }
  return -1;
}

absl::Status IrcSystemStack::StartWorker(int index) {
  absl::StatusOr<std::vector<int>> ports = FreePorts(2);
  if (!ports.ok()) {
    return ports.status();
  }
  const int admin_port = (*ports)[1];
  const std::string config = absl::StrCat(
      "worker:\n  id: ", worker_id(index), "\n  threads: 2\n",
      "grpc:\n  listen: 127.0.0.1:", (*ports)[0], "\n",
      "admin:\n  listen_address: 127.0.0.1\n  port: ", admin_port, "\n",
      "redis:\n  url: ", redis_server_->url(), "\n",
      "router:\n  matrix_out_address: 127.0.0.1:", matrix_out_port_, "\n",
      "homeserver:\n  server_name: localhost\n",
      "ownership:\n  owner_timeout: ", options_.owner_timeout,
      "\n  self_fence: ", options_.self_fence,
      "\n  heartbeat_interval: ", options_.heartbeat_interval,
      "\n  claim_grace: ", options_.claim_grace, "\n  receiver_lease: 2s\n  replay_window: 4s\n",
      "drain:\n  timeout: 2s\n", "networks:\n  - id: ", kNetwork,
      "\n    host: 127.0.0.1\n    port: ", ngircd_->port(),
      "\n    connect_rate: ", options_.connect_rate,
      "\n    connect_burst: ", options_.connect_burst,
      "\n    flood_lines_per_second: 1000\n    flood_burst: 1000\n"
      "    flood_queue_limit: 100000\n",
      "    channels:\n      - \"", kChannel, "=", room_id_, "\"\n", "log:\n  level: info\n");
  const std::string path = dir_.File(absl::StrCat("worker", index, ".yaml"));
  if (absl::Status s = testing::WriteFile(path, config); !s.ok()) {
    return s;
  }
  absl::StatusOr<std::unique_ptr<testing::Subprocess>> worker = testing::Subprocess::Start(
      {.argv = {"/usr/bin/env", absl::StrCat("MXEDGE_GRPC_INTERNAL_TOKEN=", kInternalToken),
                options_.worker_binary, "--config", path},
       .log_path = dir_.File(absl::StrCat("worker", index, ".log")),
       .working_dir = ""});
  if (!worker.ok()) {
    return worker.status();
  }
  workers_.push_back(*std::move(worker));
  return WaitReadyz(*workers_.back(), admin_port, worker_id(index));
}

std::string IrcSystemStack::UserId(int i) { return absl::StrCat("@bu", i, ":localhost"); }

std::string IrcSystemStack::PuppetNick(int i) { return absl::StrCat("bu", i, "[m]"); }

absl::Status IrcSystemStack::WantConnections(int first, int count) {
  // Each user is in the portal room: the worker recorded their channel as it does on their
  // m.room.member join, so the puppet joins #bench once registered.
  for (int i = first; i < first + count; ++i) {
    std::vector<std::string> member = {
        "SADD", absl::StrCat("mxedge:irc:user-channels:", kNetwork, ":", UserId(i)), kChannel};
    if (absl::Status s = redis_client_->Execute(member).status(); !s.ok()) {
      return s;
    }
  }
  std::vector<std::string> command = {"SADD", absl::StrCat("mxedge:irc:want:", kNetwork)};
  for (int i = first; i < first + count; ++i) {
    command.push_back(UserId(i));
  }
  return redis_client_->Execute(command).status();
}

absl::StatusOr<std::string> IrcSystemStack::OwnerOf(const std::string& user_id) {
  std::vector<std::string> get = {"GET", absl::StrCat("mxedge:irc:conn:", kNetwork, ":", user_id)};
  absl::StatusOr<redis::Reply> reply = redis_client_->Execute(get);
  if (!reply.ok()) {
    return reply.status();
  }
  if (!reply->IsString()) {
    return absl::NotFoundError(absl::StrCat("no owner for ", user_id));
  }
  const std::string& record = reply->str();
  return record.substr(0, record.rfind(':'));
}

nlohmann::json IrcSystemStack::TextEvent(const std::string& user_id, const std::string& body) {
  return {{"type", "m.room.message"},
          {"event_id", absl::StrCat("$bench", next_event_++, ":localhost")},
          {"room_id", room_id_},
          {"sender", user_id},
          {"origin_server_ts", 1'700'000'000'000},
          {"content", {{"msgtype", "m.text"}, {"body", body}}}};
}

}  // namespace mxedge::irc_bench
