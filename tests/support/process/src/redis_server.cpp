#include "mxedge/testing/redis_server.hpp"

#include <unistd.h>

#include "cat.hpp"
#include "fixture_launch.hpp"
#include "mxedge/testing/free_port.hpp"
#include "socket_util.hpp"

namespace mxedge::testing {
namespace {

using internal::Cat;

constexpr std::chrono::milliseconds kReadyDeadline{10000};
constexpr std::chrono::milliseconds kStopGrace{5000};
constexpr int kPortAttempts = 5;

// OK once the server answers PING with PONG (not LOADING while it replays the AOF).
absl::Status PingRedis(int port, const std::string& password) {
  absl::StatusOr<int> fd = internal::ConnectLoopback(port, std::chrono::milliseconds(200));
  if (!fd.ok()) return fd.status();
  std::string request;
  if (!password.empty()) {
    request = Cat("*2\r\n$4\r\nAUTH\r\n$", password.size(), "\r\n", password, "\r\n");
  }
  request += "*1\r\n$4\r\nPING\r\n";
  absl::Status status = internal::SendAll(*fd, request);
  std::string in;
  while (status.ok() && in.find("PONG\r\n") == std::string::npos &&
         in.find("-") == std::string::npos) {
    status = internal::ReceiveSome(*fd, in, std::chrono::milliseconds(500));
  }
  close(*fd);
  if (!status.ok()) return status;
  if (in.find("PONG\r\n") == std::string::npos) {
    return absl::UnavailableError(Cat("redis answered ", in.substr(0, 80)));
  }
  return absl::OkStatus();
}

}  // namespace

RedisServer::RedisServer(RedisServerOptions options, TempDir dir)
    : options_(std::move(options)), dir_(std::move(dir)) {}

absl::StatusOr<std::unique_ptr<RedisServer>> RedisServer::Start(RedisServerOptions options) {
  absl::StatusOr<TempDir> dir = TempDir::Create("mxedge-redis");
  if (!dir.ok()) return dir.status();
  auto server = std::unique_ptr<RedisServer>(new RedisServer(std::move(options), *std::move(dir)));
  // Another process may take the port between our probe and redis' bind: then pick another one.
  absl::Status launched = internal::LaunchOnFreePort(
      server->port_, kPortAttempts, {"Address already in use"}, [&] { return server->Launch(); });
  if (!launched.ok()) return launched;
  return server;
}

RedisServer::~RedisServer() {
  if (process_ != nullptr) process_->Kill().IgnoreError();
}

std::string RedisServer::url() const {
  if (options_.password.empty()) return Cat("redis://127.0.0.1:", port_);
  return Cat("redis://:", options_.password, "@127.0.0.1:", port_);
}

std::string RedisServer::unix_url() const {
  if (options_.password.empty()) return Cat("unix://", dir_.File("redis.sock"));
  return Cat("unix://:", options_.password, "@", dir_.File("redis.sock"));
}

absl::Status RedisServer::Launch() {
  const std::string config = Cat(
      "bind 127.0.0.1\n", "port ", port_, "\n", "dir ", dir_.path(), "\n", "daemonize no\n",
      "logfile \"\"\n", "save \"\"\n", "appendonly ", options_.appendonly ? "yes" : "no", "\n",
      "appendfsync ", options_.appendfsync, "\n", "maxmemory ", options_.maxmemory, "\n",
      "maxmemory-policy ", options_.maxmemory_policy, "\n",
      options_.password.empty() ? std::string() : Cat("requirepass ", options_.password, "\n"),
      options_.unix_socket ? Cat("unixsocket ", dir_.File("redis.sock"), "\nunixsocketperm 700\n")
                           : std::string());
  const std::string config_path = dir_.File("redis.conf");
  if (absl::Status s = WriteFile(config_path, config); !s.ok()) return s;
  SubprocessOptions sub;
  sub.argv = {options_.binary, config_path};
  sub.log_path = dir_.File("redis.log");
  sub.working_dir = dir_.path();
  absl::StatusOr<std::unique_ptr<Subprocess>> process = internal::StartWhenReady(
      std::move(sub), kReadyDeadline, [&] { return PingRedis(port_, options_.password); },
      "redis-server", port_);
  if (!process.ok()) return process.status();
  process_ = *std::move(process);
  return absl::OkStatus();
}

absl::Status RedisServer::Stop() {
  if (process_ == nullptr) return absl::OkStatus();
  absl::Status s = process_->Terminate(kStopGrace);
  process_.reset();
  return s;
}

absl::Status RedisServer::Kill() {
  if (process_ == nullptr) return absl::OkStatus();
  absl::Status s = process_->Kill();
  process_.reset();
  return s;
}

absl::Status RedisServer::Restart() {
  if (absl::Status s = Stop(); !s.ok()) return s;
  return Launch();
}

std::string RedisServer::LogTail(size_t max_bytes) const {
  return ReadFileTail(dir_.File("redis.log"), max_bytes);
}

}  // namespace mxedge::testing
