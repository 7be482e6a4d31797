#include "irc_stack.hpp"

#include <thread>
#include <utility>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "mxedge/http/curl_http_client.hpp"
#include "mxedge/testing/free_port.hpp"
#include "router_process.hpp"

namespace mxedge::irc_e2e {
namespace {

constexpr std::chrono::milliseconds kReadyDeadline{60'000};
constexpr std::chrono::milliseconds kPoll{50};

int64_t CountPrefix(const std::map<std::string, int, std::less<>>& counts, std::string_view prefix,
                    bool distinct) {
  int64_t total = 0;
  for (auto it = counts.lower_bound(prefix); it != counts.end() && it->first.starts_with(prefix);
       ++it) {
    total += distinct ? 1 : it->second;
  }
  return total;
}

}  // namespace

bool WaitFor(std::chrono::milliseconds deadline, const std::function<bool()>& condition) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= until) {
      return false;
    }
    std::this_thread::sleep_for(kPoll);
  }
  return true;
}

int64_t MatrixTally::DistinctWithPrefix(std::string_view prefix) const {
  return CountPrefix(events_by_body, prefix, true);
}

int64_t MatrixTally::EventsWithPrefix(std::string_view prefix) const {
  return CountPrefix(events_by_body, prefix, false);
}

int64_t MatrixTally::RequestsWithPrefix(std::string_view prefix) const {
  return CountPrefix(requests_by_body, prefix, false);
}

absl::StatusOr<std::unique_ptr<IrcStack>> IrcStack::Start(StackOptions options) {
  std::unique_ptr<IrcStack> stack(new IrcStack());
  stack->options_ = options;
  testing::RedisServerOptions redis_options;
  redis_options.appendonly = true;
  absl::StatusOr<std::unique_ptr<testing::RedisServer>> redis_server =
      testing::RedisServer::Start(redis_options);
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
  if (options.inspircd) {
    absl::StatusOr<std::unique_ptr<testing::Inspircd>> ircd = testing::Inspircd::Start();
    if (!ircd.ok()) {
      return ircd.status();
    }
    stack->inspircd_ = std::move(*ircd);
  } else {
    absl::StatusOr<std::unique_ptr<testing::Ngircd>> ircd = testing::Ngircd::Start();
    if (!ircd.ok()) {
      return ircd.status();
    }
    stack->ircd_ = std::move(*ircd);
  }
  stack->homeserver_ = std::make_unique<testing::FakeHomeserver>();
  if (absl::Status s = stack->homeserver_->Start(); !s.ok()) {
    return s;
  }
  stack->room_id_ = stack->homeserver_->CreateRoom("@creator:localhost");
  // The portal record the router reads (network) and the worker's room model (kind, channel).
  std::vector<std::string> portal = {"HSET",    absl::StrCat("mxedge:irc:room:", stack->room_id_),
                                     "network", kNetwork,
                                     "kind",    "portal",
                                     "channel", kChannel};
  if (absl::StatusOr<redis::Reply> set = stack->redis_->Execute(portal); !set.ok()) {
    return set.status();
  }
  if (absl::Status s = stack->StartRouter(); !s.ok()) {
    return s;
  }
  if (options.proxy_first_worker) {
    absl::StatusOr<std::unique_ptr<testing::TcpProxy>> proxy =
        testing::TcpProxy::Start(stack->redis_server_->port());
    if (!proxy.ok()) {
      return proxy.status();
    }
    stack->proxy_ = std::move(*proxy);
  }
  for (int i = 0; i < options.workers; ++i) {
    WorkerProcessOptions worker;
    worker.binary = MXEDGE_IRC_WORKER_BIN;
    worker.worker_id = absl::StrCat("worker-", std::string(1, static_cast<char>('a' + i)));
    worker.redis_url = (i == 0 && stack->proxy_ != nullptr)
                           ? absl::StrCat("redis://127.0.0.1:", stack->proxy_->port())
                           : stack->redis_server_->url();
    worker.matrix_out_address = stack->matrix_out_address_;
    worker.internal_token = kInternalToken;
    worker.network = kNetwork;
    worker.ircd_port = stack->ircd_port();
    worker.channel = absl::StrCat(kChannel, "=", stack->room_id_);
    worker.timings = options.timings;
    absl::StatusOr<std::unique_ptr<WorkerProcess>> started =
        WorkerProcess::StartReady(worker, kReadyDeadline);
    if (!started.ok()) {
      return started.status();
    }
    stack->workers_.push_back(std::move(*started));
  }
  return stack;
}

absl::Status IrcStack::StartRouter() {
  absl::Status last = absl::UnknownError("not started");
  for (int attempt = 0; attempt < 3; ++attempt) {
    absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create("irc-e2e-router");
    if (!dir.ok()) {
      return dir.status();
    }
    router_dir_ = std::move(*dir);
    std::vector<int> ports;
    for (int i = 0; i < 4; ++i) {
      absl::StatusOr<int> port = testing::FreeLoopbackPort();
      if (!port.ok()) {
        return port.status();
      }
      ports.push_back(*port);
    }
    router_e2e::RouterProcessOptions options;
    options.binary = MXEDGE_ROUTER_BIN;
    options.router_id = "router-irc-e2e";
    options.redis_url = redis_server_->url();
    options.homeserver_url = homeserver_->base_url();
    options.sender_localpart = homeserver_->options().sender_localpart;
    options.as_token = homeserver_->options().as_token;
    options.hs_token = homeserver_->options().hs_token;
    options.internal_token = kInternalToken;
    options.shards = 4;
    options.batch_size = 10;
    const std::string config_path = router_dir_->File("config.yaml");
    std::string yaml =
        router_e2e::RouterProcess::ConfigYaml(options, ports[0], ports[1], ports[2], ports[3]);
    if (absl::Status s = testing::WriteFile(config_path, yaml); !s.ok()) {
      return s;
    }
    testing::SubprocessOptions process;
    process.argv = router_e2e::RouterProcess::EnvArgv(options);
    // A failover parks nothing: events wait for the new owner however many retries that takes.
    process.argv.insert(process.argv.end() - 1, "MXEDGE_DISPATCH_MAX_ATTEMPTS=1000");
    process.argv.push_back("--config");
    process.argv.push_back(config_path);
    process.log_path = router_dir_->File("router.log");
    absl::StatusOr<std::unique_ptr<testing::Subprocess>> started =
        testing::Subprocess::Start(std::move(process));
    if (!started.ok()) {
      return started.status();
    }
    router_ = std::move(*started);
    http::CurlHttpClient http;
    const std::string readyz = absl::StrCat("http://127.0.0.1:", ports[1], "/readyz");
    last = testing::WaitUntilReady(*router_, kReadyDeadline, [&]() -> absl::Status {
      absl::StatusOr<http::Response> response =
          http.Send({.url = readyz, .timeout = std::chrono::seconds(2)});
      if (!response.ok()) {
        return response.status();
      }
      return response->status == 200
                 ? absl::OkStatus()
                 : absl::UnavailableError(absl::StrCat("/readyz answered ", response->status));
    });
    if (last.ok()) {
      matrix_out_address_ = absl::StrCat("127.0.0.1:", ports[3]);
      homeserver_->SetAsUrl(absl::StrCat("http://127.0.0.1:", ports[0]));
      return absl::OkStatus();
    }
    if (router_->Running()) {
      break;
    }
  }
  return absl::Status(last.code(),
                      absl::StrCat("router: ", last.message(), "\n", router_->LogTail()));
}

IrcStack::~IrcStack() {
  for (std::unique_ptr<WorkerProcess>& worker : workers_) {
    if (worker->process().Running()) {
      (void)worker->process().Kill();
    }
  }
  if (router_ != nullptr && router_->Running()) {
    (void)router_->Kill();
  }
}

int IrcStack::WorkerIndex(std::string_view id) const {
  for (size_t i = 0; i < workers_.size(); ++i) {
    if (workers_[i]->id() == id) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

std::string IrcStack::Logs() {
  std::string out = absl::StrCat("--- router\n", router_->LogTail(3000));
  for (std::unique_ptr<WorkerProcess>& worker : workers_) {
    absl::StrAppend(&out, "--- ", worker->id(), "\n", worker->LogTail(3000));
  }
  return out;
}

void IrcStack::JoinRoom(const std::string& mxid) {
  const int64_t seq = next_event_++;
  homeserver_->EnqueueEvents({{{"event_id", absl::StrCat("$e2e", seq)},
                               {"room_id", room_id_},
                               {"sender", mxid},
                               {"state_key", mxid},
                               {"type", "m.room.member"},
                               {"origin_server_ts", 1'700'000'000'000LL + seq},
                               {"content", {{"membership", "join"}}}}});
}

void IrcStack::SendMatrix(const std::string& mxid, std::string_view prefix, int first, int count) {
  std::vector<nlohmann::json> events;
  events.reserve(static_cast<size_t>(count));
  for (int n = first; n < first + count; ++n) {
    const int64_t seq = next_event_++;
    events.push_back(
        {{"event_id", absl::StrCat("$e2e", seq)},
         {"room_id", room_id_},
         {"sender", mxid},
         {"type", "m.room.message"},
         {"origin_server_ts", 1'700'000'000'000LL + seq},
         {"content", {{"msgtype", "m.text"}, {"body", absl::StrCat(std::string(prefix), n)}}}});
  }
  homeserver_->EnqueueEvents(std::move(events));
}

MatrixTally IrcStack::TallyMatrix() const {
  MatrixTally tally;
  std::map<std::pair<std::string, std::string>, int> sends;
  for (const testing::RecordedRequest& request : homeserver_->RequestsTo("PUT", "/send/")) {
    ++tally.requests;
    auto user = request.query.find("user_id");
    const std::string txn = request.path.substr(request.path.rfind('/') + 1);
    nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
    const std::string text = body.is_object() && body.contains("body") && body["body"].is_string()
                                 ? body["body"].get<std::string>()
                                 : std::string();
    ++tally.requests_by_body[text];
    const int count = ++sends[{user != request.query.end() ? user->second : "", txn}];
    if (count > 1) {
      tally.repeated_sends[absl::StrCat(txn, " ", text)] = count;
      continue;
    }
    if (!text.empty()) {
      ++tally.events_by_body[text];
    }
  }
  return tally;
}

absl::StatusOr<std::string> IrcStack::OwnerOf(std::string_view mxid) {
  std::vector<std::string> get = {
      "GET", absl::StrCat("mxedge:irc:conn:", kNetwork, ":", std::string(mxid))};
  absl::StatusOr<redis::Reply> reply = redis_->Execute(get);
  if (!reply.ok()) {
    return reply.status();
  }
  if (reply->IsNil()) {
    return std::string();
  }
  std::string owner = reply->str();
  return owner.substr(0, owner.rfind(':'));
}

absl::StatusOr<std::string> IrcStack::Receiver() {
  std::vector<std::string> get = {"GET", absl::StrCat("mxedge:irc:recv:", kNetwork, ":", kChannel)};
  absl::StatusOr<redis::Reply> reply = redis_->Execute(get);
  if (!reply.ok()) {
    return reply.status();
  }
  return reply->IsNil() ? std::string() : reply->str();
}

absl::StatusOr<int64_t> IrcStack::HeartbeatOf(std::string_view worker_id) {
  std::vector<std::string> score = {"ZSCORE", "mxedge:irc:workers", std::string(worker_id)};
  absl::StatusOr<redis::Reply> reply = redis_->Execute(score);
  if (!reply.ok()) {
    return reply.status();
  }
  return reply->IsNil() ? 0 : std::stoll(reply->str());
}

}  // namespace mxedge::irc_e2e
