#include "micropub_stack.hpp"

#include <set>
#include <thread>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/http/percent_encoding.hpp"
#include "mxedge/testing/free_port.hpp"
#include "router/router_process.hpp"

namespace mxedge::micropub_e2e {
namespace {

using std::chrono::milliseconds;

constexpr char kInternalToken[] = "micropub-e2e-internal-token";
constexpr char kEncryptionKey[] = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
constexpr auto kReadyDeadline = milliseconds(60'000);
constexpr auto kPollInterval = milliseconds(20);

testing::FakeHomeserverOptions HomeserverOptions() {
  testing::FakeHomeserverOptions options;
  // The bot's localpart is in the AS namespace: any registered localpart may be masqueraded.
  options.user_prefix = "";
  return options;
}

}  // namespace

absl::StatusOr<std::unique_ptr<MicropubStack>> MicropubStack::Start() {
  absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create("micropub-e2e");
  if (!dir.ok()) {
    return dir.status();
  }
  std::unique_ptr<MicropubStack> stack(new MicropubStack(std::move(*dir)));
  absl::StatusOr<std::unique_ptr<testing::MicropubSite>> site = testing::MicropubSite::Start();
  if (!site.ok()) {
    return site.status();
  }
  stack->site_ = std::move(*site);
  absl::StatusOr<std::unique_ptr<testing::RedisServer>> redis = testing::RedisServer::Start();
  if (!redis.ok()) {
    return redis.status();
  }
  stack->redis_ = std::move(*redis);
  stack->homeserver_ = std::make_unique<testing::FakeHomeserver>(HomeserverOptions());
  if (absl::Status s = stack->homeserver_->Start(); !s.ok()) {
    return s;
  }
  stack->homeserver_->RegisterUser(kBot);
  // Free ports are free only a moment ago: when another process takes one first, start both
  // services again on new ones.
  absl::Status started = absl::UnknownError("not started");
  for (int attempt = 0; attempt < 3; ++attempt) {
    started = stack->StartServices();
    if (started.code() != absl::StatusCode::kAborted) {
      break;
    }
    stack->StopServices();
  }
  if (!started.ok()) {
    return started;
  }
  stack->homeserver_->SetAsUrl(common::Cat("http://127.0.0.1:", stack->router_ports_[0]));
  return stack;
}

MicropubStack::~MicropubStack() { StopServices(); }

absl::Status MicropubStack::StartServices() {
  ++attempt_;  // each attempt logs to its own files
  for (int* ports : {router_ports_, micropub_ports_}) {
    const int count = ports == router_ports_ ? 4 : 3;
    for (int i = 0; i < count; ++i) {
      absl::StatusOr<int> free = testing::FreeLoopbackPort();
      if (!free.ok()) {
        return free.status();
      }
      ports[i] = *free;
    }
  }
  if (absl::Status s = StartRouter(); !s.ok()) {
    return s;
  }
  return StartMicropub();
}

void MicropubStack::StopServices() {
  if (micropub_) {
    (void)micropub_->Kill();
    micropub_.reset();
  }
  if (router_) {
    (void)router_->Kill();
    router_.reset();
  }
}

absl::Status MicropubStack::StartRouter() {
  router_e2e::RouterProcessOptions options;
  options.binary = MXEDGE_ROUTER_BIN;
  options.router_id = "micropub-e2e-router";
  options.redis_url = redis_->url();
  options.homeserver_url = homeserver_->base_url();
  options.sender_localpart = homeserver_->options().sender_localpart;
  options.micropub_address = common::Cat("127.0.0.1:", micropub_ports_[1]);
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
  process.log_path = dir_.File(common::Cat("router-", attempt_, ".log"));
  absl::StatusOr<std::unique_ptr<testing::Subprocess>> started =
      testing::Subprocess::Start(std::move(process));
  if (!started.ok()) {
    return started.status();
  }
  router_ = std::move(*started);
  return WaitReady(router_ports_[1], *router_);
}

absl::Status MicropubStack::StartMicropub() {
  const std::string config_path = dir_.File("micropub.yaml");
  const std::string yaml = common::Cat(
      "public_base_url: http://127.0.0.1:", micropub_ports_[0], "\n",
      "http:\n  listen_address: 127.0.0.1\n  port: ", micropub_ports_[0], "\n",
      "grpc:\n  listen: 127.0.0.1:", micropub_ports_[1], "\n",
      "router:\n  matrix_out_address: 127.0.0.1:", router_ports_[3], "\n  deadline: 5s\n",
      "redis:\n  url: ", redis_->url(), "\n", "bot:\n  user_id: \"", kBot, "\"\n",
      "web:\n  timeout: 5s\n  allow_loopback_for_tests: true\n",
      "admin:\n  listen_address: 127.0.0.1\n  port: ", micropub_ports_[2], "\n",
      "log:\n  level: debug\n");
  if (absl::Status s = testing::WriteFile(config_path, yaml); !s.ok()) {
    return s;
  }
  testing::SubprocessOptions process;
  process.argv = {"/usr/bin/env",
                  common::Cat("MXEDGE_GRPC_INTERNAL_TOKEN=", kInternalToken),
                  common::Cat("MXEDGE_REDIS_ENCRYPTION_KEY=", kEncryptionKey),
                  MXEDGE_MICROPUB_BIN,
                  "--config",
                  config_path};
  process.log_path = dir_.File(common::Cat("micropub-", attempt_, ".log"));
  absl::StatusOr<std::unique_ptr<testing::Subprocess>> started =
      testing::Subprocess::Start(std::move(process));
  if (!started.ok()) {
    return started.status();
  }
  micropub_ = std::move(*started);
  return WaitReady(micropub_ports_[2], *micropub_);
}

absl::Status MicropubStack::WaitReady(int admin_port, testing::Subprocess& process) {
  const std::string url = common::Cat("http://127.0.0.1:", admin_port, "/readyz");
  bool port_taken = false;
  absl::Status ready = testing::WaitUntilReady(
      process, kReadyDeadline, [this, &url, &process, &port_taken]() -> absl::Status {
        if (process.LogTail(65536).find("Address already in use") != std::string::npos) {
          port_taken = true;
          return absl::OkStatus();
        }
        absl::StatusOr<http::Response> response = Get(url);
        if (!response.ok()) {
          return response.status();
        }
        if (response->status != 200) {
          return absl::UnavailableError(common::Cat("/readyz answered ", response->status));
        }
        return absl::OkStatus();
      });
  if (port_taken) {
    return absl::AbortedError(common::Cat("a port was taken:\n", process.LogTail()));
  }
  if (!ready.ok()) {
    return absl::Status(ready.code(), common::Cat(ready.message(), "\n", process.LogTail()));
  }
  return absl::OkStatus();
}

std::string MicropubStack::Send(const std::string& room_id, const std::string& sender,
                                const std::string& type, nlohmann::json content,
                                nlohmann::json extra) {
  const std::string event_id = common::Cat("$micropub-e2e-", ++next_event_, ":localhost");
  nlohmann::json event = {{"type", type},
                          {"room_id", room_id},
                          {"sender", sender},
                          {"event_id", event_id},
                          {"origin_server_ts", 1'780'000'000'000LL + next_event_},
                          {"content", std::move(content)}};
  for (auto& [key, value] : extra.items()) {
    event[key] = value;
  }
  homeserver_->EnqueueEvents({std::move(event)});
  return event_id;
}

std::string MicropubStack::SendText(const std::string& room_id, const std::string& sender,
                                    const std::string& body) {
  return Send(room_id, sender, "m.room.message", {{"msgtype", "m.text"}, {"body", body}});
}

std::vector<std::string> MicropubStack::Notices(const std::string& room_id) const {
  std::vector<std::string> out;
  std::set<std::string> seen_paths;  // a notice sent again keeps its transaction id
  for (const testing::RecordedRequest& request :
       homeserver_->RequestsTo("PUT", common::Cat("/rooms/", room_id, "/send/m.room.message/"))) {
    auto user = request.query.find("user_id");
    if (user == request.query.end() || user->second != kBot ||
        !seen_paths.insert(request.path).second) {
      continue;
    }
    nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
    if (!body.is_discarded() && body.value("msgtype", "") == "m.notice") {
      out.push_back(body.value("body", ""));
    }
  }
  return out;
}

absl::StatusOr<std::string> MicropubStack::NextNotice(const std::string& room_id, size_t seen,
                                                      std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    std::vector<std::string> notices = Notices(room_id);
    if (notices.size() > seen) {
      return notices[seen];
    }
    if (std::chrono::steady_clock::now() >= until) {
      return absl::DeadlineExceededError(common::Cat("no notice number ", seen + 1, " in ", room_id,
                                                     "\nmicropub log:\n", MicropubLogTail(),
                                                     "\nrouter log:\n", RouterLogTail()));
    }
    std::this_thread::sleep_for(kPollInterval);  // polling interval of the condition wait
  }
}

absl::StatusOr<std::string> MicropubStack::Ask(const std::string& room_id,
                                               const std::string& sender, const std::string& body) {
  const size_t seen = Notices(room_id).size();
  SendText(room_id, sender, body);
  return NextNotice(room_id, seen);
}

absl::StatusOr<std::string> MicropubStack::OpenDm(const std::string& user) {
  homeserver_->RegisterUser(user);
  const std::string room_id = homeserver_->CreateRoom(user);
  Send(room_id, user, "m.room.member", {{"membership", "invite"}, {"is_direct", true}},
       {{"state_key", kBot}});
  absl::StatusOr<std::string> welcome = NextNotice(room_id, 0);
  if (!welcome.ok()) {
    return welcome.status();
  }
  return room_id;
}

absl::StatusOr<http::Response> MicropubStack::Get(const std::string& url) {
  http::ClientRequest request;
  request.url = url;
  request.timeout = milliseconds(10'000);
  return http_.Send(request);
}

absl::StatusOr<std::string> MicropubStack::UploadMedia(const std::string& bytes,
                                                       const std::string& content_type) {
  http::ClientRequest request;
  request.method = "POST";
  request.url = common::Cat(homeserver_->base_url(), "/_matrix/media/v3/upload");
  http::SetHeader(request.headers, "Authorization",
                  common::Cat("Bearer ", homeserver_->options().as_token));
  http::SetHeader(request.headers, "Content-Type", content_type);
  request.body = bytes;
  absl::StatusOr<http::Response> response = http_.Send(request);
  if (!response.ok()) {
    return response.status();
  }
  nlohmann::json body = nlohmann::json::parse(response->body, nullptr, false);
  if (response->status != 200 || body.is_discarded() || !body.contains("content_uri")) {
    return absl::InternalError(
        common::Cat("media upload answered ", response->status, ": ", response->body));
  }
  return body["content_uri"].get<std::string>();
}

std::string MicropubStack::MicropubLogTail(size_t max_bytes) const {
  return micropub_ ? micropub_->LogTail(max_bytes) : std::string();
}

std::vector<std::string> MicropubStack::LogLinesAboveDebug() const {
  std::vector<std::string> lines;
  for (const testing::Subprocess* process : {micropub_.get(), router_.get()}) {
    if (process == nullptr) {
      continue;
    }
    for (absl::string_view line : absl::StrSplit(process->LogTail(size_t{1} << 24), '\n')) {
      if (!line.empty() && !absl::StrContains(line, "\"level\":\"debug\"")) {
        lines.emplace_back(line);
      }
    }
  }
  return lines;
}

std::string MicropubStack::RouterLogTail(size_t max_bytes) const {
  return router_ ? router_->LogTail(max_bytes) : std::string();
}

}  // namespace mxedge::micropub_e2e
