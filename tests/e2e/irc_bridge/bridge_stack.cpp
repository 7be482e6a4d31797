#include "bridge_stack.hpp"

#include <fstream>
#include <set>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "mxedge/http/curl_http_client.hpp"
#include "mxedge/testing/free_port.hpp"
#include "router_process.hpp"

namespace mxedge::irc_bridge_e2e {
namespace {

constexpr char kInternalToken[] = "irc-bridge-e2e-internal";
constexpr std::chrono::seconds kReadyDeadline{60};

// Waits until GET http://127.0.0.1:<port>/readyz answers 200 while `process` runs.
absl::Status WaitReadyz(testing::Subprocess& process, int port) {
  http::CurlHttpClient http;
  const std::string url = absl::StrCat("http://127.0.0.1:", port, "/readyz");
  return testing::WaitUntilReady(process, kReadyDeadline, [&]() -> absl::Status {
    absl::StatusOr<http::Response> response =
        http.Send({.url = url, .timeout = std::chrono::seconds(2)});
    if (!response.ok()) {
      return response.status();
    }
    return response->status == 200
               ? absl::OkStatus()
               : absl::UnavailableError(absl::StrCat("/readyz answered ", response->status));
  });
}

}  // namespace

// A port is free when asked but only taken when its process binds it, so the kernel may hand the
// same one out again meanwhile (the router's four, two workers starting together): no port is
// given twice.
absl::StatusOr<std::vector<int>> BridgeStack::FreePorts(int count) {
  std::vector<int> ports;
  int attempts = 0;
  while (static_cast<int>(ports.size()) < count) {
    if (++attempts > count * 50) {
      return absl::ResourceExhaustedError("no distinct free loopback ports");
    }
    absl::StatusOr<int> port = testing::FreeLoopbackPort();
    if (!port.ok()) {
      return port.status();
    }
    if (ports_given_.insert(*port).second) {
      ports.push_back(*port);
    }
  }
  return ports;
}

absl::StatusOr<std::unique_ptr<BridgeStack>> BridgeStack::Start(BridgeStackOptions options) {
  std::unique_ptr<BridgeStack> stack(new BridgeStack());
  stack->options_ = std::move(options);
  absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create("irc-bridge-e2e");
  if (!dir.ok()) {
    return dir.status();
  }
  stack->dir_ = std::move(*dir);
  absl::StatusOr<std::unique_ptr<testing::RedisServer>> redis_server =
      testing::RedisServer::Start();
  if (!redis_server.ok()) {
    return redis_server.status();
  }
  stack->redis_server_ = std::move(*redis_server);
  absl::StatusOr<std::unique_ptr<redis::HiredisClient>> redis =
      redis::HiredisClient::Create({.url = stack->redis_server_->url()});
  if (!redis.ok()) {
    return redis.status();
  }
  stack->redis_ = std::move(*redis);
  absl::StatusOr<std::unique_ptr<testing::Ngircd>> ircd = testing::Ngircd::Start();
  if (!ircd.ok()) {
    return ircd.status();
  }
  stack->ircd_ = std::move(*ircd);
  stack->homeserver_ = std::make_unique<testing::FakeHomeserver>();
  if (absl::Status s = stack->homeserver_->Start(); !s.ok()) {
    return s;
  }
  stack->room_id_ = stack->homeserver_->CreateRoom("@creator:localhost");
  // The room belongs to the network (the router sends its events to that network's workers) and
  // is the channel's room.
  const std::vector<std::string> portal = {
      "HSET",    absl::StrCat("mxedge:irc:room:", stack->room_id_),
      "network", kNetwork,
      "kind",    "portal",
      "channel", kChannel};
  if (absl::StatusOr<redis::Reply> set = stack->redis_->Execute(portal); !set.ok()) {
    return set.status();
  }
  if (absl::Status s = stack->StartRouter(); !s.ok()) {
    return s;
  }
  // The workers start together and are then awaited in turn: their start-ups overlap.
  std::vector<int> admin_ports;
  for (int i = 0; i < stack->options_.workers; ++i) {
    absl::StatusOr<int> admin_port = stack->StartWorker(i);
    if (!admin_port.ok()) {
      return admin_port.status();
    }
    admin_ports.push_back(*admin_port);
  }
  for (int i = 0; i < stack->options_.workers; ++i) {
    testing::Subprocess& worker = *stack->workers_[i];
    if (absl::Status s = WaitReadyz(worker, admin_ports[i]); !s.ok()) {
      return absl::Status(s.code(),
                          absl::StrCat("worker ", i, ": ", s.message(), "\n", worker.LogTail()));
    }
  }
  return stack;
}

BridgeStack::~BridgeStack() {
  for (std::unique_ptr<testing::Subprocess>& worker : workers_) {
    if (worker != nullptr) {
      (void)worker->Terminate();
    }
  }
  if (router_ != nullptr) {
    (void)router_->Terminate();
  }
}

absl::Status BridgeStack::StartRouter() {
  absl::StatusOr<std::vector<int>> ports = FreePorts(4);  // AS API, admin, ClientApi, MatrixOut
  if (!ports.ok()) {
    return ports.status();
  }
  const std::vector<int>& p = *ports;
  router_e2e::RouterProcessOptions options;
  options.binary = MXEDGE_ROUTER_BIN;
  options.router_id = "router-irc-bridge";
  options.redis_url = redis_server_->url();
  options.homeserver_url = homeserver_->base_url();
  options.as_token = homeserver_->options().as_token;
  options.hs_token = homeserver_->options().hs_token;
  options.internal_token = kInternalToken;
  const std::string yaml = absl::StrCat(
      router_e2e::RouterProcess::ConfigYaml(options, p[0], p[1], p[2], p[3]),
      "media:\n  link_ttl: 1h\n  public_base_url: ", kMediaBase, "\n", options_.router_yaml);
  const std::string config_path = dir_->File("router.yaml");
  if (absl::Status s = testing::WriteFile(config_path, yaml); !s.ok()) {
    return s;
  }
  testing::SubprocessOptions process;
  process.argv = router_e2e::RouterProcess::EnvArgv(options);
  process.argv.insert(process.argv.end() - 1,
                      "MXEDGE_MEDIA_SIGNING_KEY=irc-bridge-e2e-media-signing-key-0123456789");
  // The first events wait for the puppet to connect: retried, never parked.
  process.argv.insert(process.argv.end() - 1, "MXEDGE_DISPATCH_MAX_ATTEMPTS=1000");
  process.argv.push_back("--config");
  process.argv.push_back(config_path);
  process.log_path = dir_->File("router.log");
  absl::StatusOr<std::unique_ptr<testing::Subprocess>> started =
      testing::Subprocess::Start(std::move(process));
  if (!started.ok()) {
    return started.status();
  }
  router_ = std::move(*started);
  homeserver_->SetAsUrl(absl::StrCat("http://127.0.0.1:", p[0]));
  matrix_out_address_ = absl::StrCat("127.0.0.1:", p[3]);
  if (absl::Status s = WaitReadyz(*router_, p[1]); !s.ok()) {
    return absl::Status(s.code(), absl::StrCat("router: ", s.message(), "\n", router_->LogTail()));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> BridgeStack::StartWorker(int index) {
  absl::StatusOr<std::vector<int>> ports = FreePorts(2);  // gRPC, admin
  if (!ports.ok()) {
    return ports.status();
  }
  const std::vector<int>& p = *ports;
  std::string yaml = absl::StrCat(
      "worker:\n  id: ", WorkerId(index), "\n  threads: 1\n", "grpc:\n  listen: 127.0.0.1:", p[0],
      "\n  advertised_address: 127.0.0.1:", p[0], "\n",
      "admin:\n  listen_address: 127.0.0.1\n  port: ", p[1], "\n",
      "redis:\n  url: ", redis_server_->url(), "\n  key_prefix: \"mxedge:\"\n",
      "router:\n  matrix_out_address: ", matrix_out_address_, "\n  request_timeout: 5s\n",
      "homeserver:\n  server_name: localhost\n",
      "ownership:\n  owner_timeout: 6s\n  self_fence: 5s\n  heartbeat_interval: 500ms\n"
      "  claim_grace: 100ms\n  receiver_lease: 3s\n  replay_window: 6s\n",
      "networks:\n  - id: ", kNetwork, "\n    host: 127.0.0.1\n    port: ", ircd_->port(),
      "\n    connect_rate: 100\n    connect_burst: 100\n"
      "    flood_lines_per_second: 100\n    flood_burst: 50\n"
      "    nick_template: \"",
      options_.nick_template, "\"\n",
      "    ghost_localpart_template: \"irc_$NETWORK_$NICK\"\n"
      "    line_limit: 3\n    fallback_charset: latin1\n    media_link_ttl: 1h\n",
      options_.network_yaml, "    channels:\n      - \"", kChannel, "=", room_id_, "\"\n",
      "log:\n  level: debug\n", options_.worker_yaml);
  if (index < static_cast<int>(options_.worker_yaml_each.size())) {
    yaml += options_.worker_yaml_each[index];
  }
  const std::string config_path = dir_->File(absl::StrCat("worker-", index, ".yaml"));
  if (absl::Status s = testing::WriteFile(config_path, yaml); !s.ok()) {
    return s;
  }
  testing::SubprocessOptions process;
  process.argv = {"/usr/bin/env", absl::StrCat("MXEDGE_GRPC_INTERNAL_TOKEN=", kInternalToken)};
  process.argv.insert(process.argv.end(), options_.worker_env.begin(), options_.worker_env.end());
  process.argv.insert(process.argv.end(), {MXEDGE_IRC_WORKER_BIN, "--config", config_path});
  process.log_path = dir_->File(absl::StrCat("worker-", index, ".log"));
  absl::StatusOr<std::unique_ptr<testing::Subprocess>> started =
      testing::Subprocess::Start(std::move(process));
  if (!started.ok()) {
    return started.status();
  }
  workers_.push_back(std::move(*started));
  return p[1];
}

std::string BridgeStack::WorkerId(int index) { return absl::StrCat("worker-bridge-", index); }

std::optional<int> BridgeStack::OwnerOf(const std::string& mxid) {
  // irc:conn holds "<worker id>:<epoch>".
  const std::vector<std::string> get = {"GET",
                                        absl::StrCat("mxedge:irc:conn:", kNetwork, ":", mxid)};
  absl::StatusOr<redis::Reply> owner = redis_->Execute(get);
  if (!owner.ok() || !owner->IsString()) {
    return std::nullopt;
  }
  for (int i = 0; i < worker_count(); ++i) {
    if (owner->str().starts_with(absl::StrCat(WorkerId(i), ":"))) {
      return i;
    }
  }
  return std::nullopt;
}

std::string BridgeStack::WorkerLogs() const {
  std::string logs;
  for (const std::unique_ptr<testing::Subprocess>& worker : workers_) {
    std::ifstream in(worker->log_path());
    std::stringstream text;
    text << in.rdbuf();
    logs += text.str();
  }
  return logs;
}

std::string BridgeStack::Push(nlohmann::json event) {
  const std::string event_id = absl::StrCat("$bridge", ++next_event_, ":localhost");
  event["event_id"] = event_id;
  if (!event.contains("room_id")) {
    event["room_id"] = room_id_;
  }
  event["origin_server_ts"] = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count();
  homeserver_->EnqueueEvents({std::move(event)});
  return event_id;
}

std::string BridgeStack::PushMessage(const std::string& sender, nlohmann::json content) {
  return Push({{"sender", sender}, {"type", "m.room.message"}, {"content", std::move(content)}});
}

void BridgeStack::PushJoin(const std::string& user) {
  Push({{"sender", user},
        {"type", "m.room.member"},
        {"state_key", user},
        {"content", {{"membership", "join"}}}});
}

std::vector<GhostSend> BridgeStack::GhostSends() const {
  std::vector<GhostSend> sends;
  std::set<std::pair<std::string, std::string>> seen;
  for (const testing::RecordedRequest& request :
       homeserver_->RequestsTo("PUT", "/send/m.room.message/")) {
    auto user = request.query.find("user_id");
    const std::string user_id = user != request.query.end() ? user->second : "";
    const std::string txn = request.path.substr(request.path.rfind('/') + 1);
    if (!seen.insert({user_id, txn}).second) {
      continue;
    }
    nlohmann::json content = nlohmann::json::parse(request.body, nullptr, false);
    sends.push_back(GhostSend{user_id, std::move(content)});
  }
  return sends;
}

std::vector<std::string> BridgeStack::Uploads() const {
  std::vector<std::string> bodies;
  for (const testing::RecordedRequest& request : homeserver_->RequestsTo("POST", "/upload")) {
    bodies.push_back(request.body);
  }
  return bodies;
}

std::string BridgeStack::Logs() const {
  std::string logs =
      absl::StrCat("--- router\n", router_ != nullptr ? router_->LogTail() : "", "\n");
  for (std::size_t i = 0; i < workers_.size(); ++i) {
    absl::StrAppend(&logs, "--- worker ", i, "\n",
                    workers_[i] != nullptr ? workers_[i]->LogTail() : "", "\n");
  }
  return logs;
}

}  // namespace mxedge::irc_bridge_e2e
