#pragma once
// A real redis-server (Debian's /usr/bin/redis-server, 7.0) on 127.0.0.1 and a free port, with its
// config, data and log in its own temp dir, for integration tests.
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/testing/subprocess.hpp"
#include "mxedge/testing/temp_dir.hpp"

namespace mxedge::testing {

struct RedisServerOptions {
  bool appendonly = false;
  std::string appendfsync = "everysec";  // always | everysec | no
  std::string maxmemory_policy = "noeviction";
  std::string maxmemory = "0";  // "0" = no limit
  std::string password;         // requirepass when not empty
  bool unix_socket = false;     // also listen on <dir>/redis.sock
  std::string binary = "/usr/bin/redis-server";
};

class RedisServer {
 public:
  // Starts the server and waits until it answers PING (deadline 10 s). Errors carry the log tail.
  static absl::StatusOr<std::unique_ptr<RedisServer>> Start(RedisServerOptions options = {});
  ~RedisServer();  // stops the server, removes the temp dir

  int port() const { return port_; }
  // redis://127.0.0.1:<port> (with the password when one is set).
  std::string url() const;
  // unix://<dir>/redis.sock (with the password when one is set); needs options.unix_socket.
  std::string unix_url() const;
  const std::string& dir() const { return dir_.path(); }
  bool running() const { return process_ != nullptr; }

  // SIGTERM, then SIGKILL after a grace period. With appendonly the AOF is flushed on SIGTERM.
  absl::Status Stop();
  // SIGKILL: a crash.
  absl::Status Kill();
  // Starts again (after Stop or Kill, or stops first) on the same port and dir: AOF data survives.
  absl::Status Restart();
  // The end of the server log.
  std::string LogTail(size_t max_bytes = 4096) const;

 private:
  RedisServer(RedisServerOptions options, TempDir dir);
  absl::Status Launch();

  RedisServerOptions options_;
  TempDir dir_;
  int port_ = 0;
  std::unique_ptr<Subprocess> process_;
};

}  // namespace mxedge::testing
