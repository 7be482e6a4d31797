#pragma once
// HiredisClient: RedisClient over a pool of synchronous hiredis contexts (RESP2 only).
// - Connections are made on first use (so construction never blocks on Redis), authenticated
//   (AUTH [user] password) and SELECTed as the URL says.
// - A context that fails (I/O error, protocol error, timeout) is discarded; the next use
// reconnects.
//   After a failed connect, further connects wait an exponential backoff (backoff_min doubling up
//   to backoff_max); during it, calls that need a new connection fail fast with UnavailableError
//   naming the address. No call blocks longer than its timeout plus the connect timeout.
// - Thread-safe: each call checks a context out of the pool (waiting at most pool_wait_timeout).
// - HELLO, SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE, MONITOR, RESET and SELECT are refused
//   (InvalidArgumentError): they would change a pooled context for its next borrower. MULTI, EXEC,
//   DISCARD, WATCH and UNWATCH are accepted only inside Pipeline (one connection); a pipeline that
//   leaves a transaction or WATCH open closes its connection instead of pooling it.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/common/clock.hpp"
#include "mxedge/redis/redis_client.hpp"
#include "mxedge/redis/redis_url.hpp"
#include "mxedge/redis/reply.hpp"

namespace mxedge::redis {

struct HiredisOptions {
  std::string url = "redis://127.0.0.1:6379";
  int pool_size = 4;
  std::chrono::milliseconds connect_timeout{1000};
  std::chrono::milliseconds command_timeout{2000};
  // How long a call waits for a free context when all pool_size are in use.
  std::chrono::milliseconds pool_wait_timeout{2000};
  std::chrono::milliseconds backoff_min{100};
  std::chrono::milliseconds backoff_max{5000};
  // Time source for the backoff; nullptr = the system clock.
  const common::Clock* clock = nullptr;
};

// Counters since construction, for the integrator's metrics.
struct HiredisStats {
  uint64_t connections_made = 0;  // successful connects (incl. AUTH/SELECT)
  uint64_t connect_failures = 0;  // failed connect attempts
  uint64_t reconnects = 0;        // successful connects that replaced a discarded context
  uint64_t errors = 0;            // calls that returned a transport error or timeout
  uint64_t error_replies = 0;     // error replies from the server (incl. inside pipelines)
  uint64_t fast_failures = 0;     // calls refused during backoff
  uint64_t commands = 0;          // commands sent (a pipeline counts each command)
  int64_t open_connections = 0;   // contexts currently open (gauge)
};

class HiredisClient final : public RedisClient {
 public:
  // Validates the options (URL, sizes, timeouts); does not connect.
  static absl::StatusOr<std::unique_ptr<HiredisClient>> Create(HiredisOptions options);
  ~HiredisClient() override;

  HiredisClient(const HiredisClient&) = delete;
  HiredisClient& operator=(const HiredisClient&) = delete;

  absl::StatusOr<Reply> Execute(std::span<const std::string> args,
                                CallOptions options = {}) override;
  absl::StatusOr<std::vector<Reply>> Pipeline(const std::vector<std::vector<std::string>>& commands,
                                              CallOptions options = {}) override;

  HiredisStats Stats() const;
  // "host:port" or "unix:/path"; never contains credentials.
  const std::string& address() const { return address_; }

 private:
  struct Connection;  // one hiredis context; defined in the .cpp

  HiredisClient(HiredisOptions options, RedisUrl url);

  // Takes an idle connection, or connects a new one when the pool has room (failing fast while
  // backing off), or waits up to pool_wait_timeout for one to be returned.
  absl::StatusOr<std::unique_ptr<Connection>> Checkout();
  // Gives a connection back. A broken one is closed; `server_lost` also closes the idle ones (they
  // point at the same lost server).
  void Return(std::unique_ptr<Connection> connection, bool healthy, bool server_lost);
  absl::StatusOr<std::unique_ptr<Connection>> Connect();
  // The status for a failed hiredis call on `connection`; sets `server_lost` unless it timed out.
  absl::Status TransportError(const Connection& connection, std::string_view command,
                              int saved_errno, std::chrono::milliseconds timeout,
                              bool& server_lost);
  void SetTimeout(Connection& connection, std::chrono::milliseconds timeout);

  const HiredisOptions options_;
  const RedisUrl url_;
  const std::string address_;
  const common::Clock& clock_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;          // guarded by mu_
  int checked_out_ = 0;                                    // guarded by mu_
  int connecting_ = 0;                                     // guarded by mu_
  std::chrono::steady_clock::time_point next_connect_at_;  // guarded by mu_
  std::chrono::milliseconds backoff_{0};                   // guarded by mu_; 0 = healthy
  std::string last_connect_error_;                         // guarded by mu_
  uint64_t discarded_ = 0;                                 // guarded by mu_

  std::atomic<uint64_t> connections_made_{0};
  std::atomic<uint64_t> connect_failures_{0};
  std::atomic<uint64_t> reconnects_{0};
  std::atomic<uint64_t> errors_{0};
  std::atomic<uint64_t> error_replies_{0};
  std::atomic<uint64_t> fast_failures_{0};
  std::atomic<uint64_t> commands_{0};
  std::atomic<int64_t> open_connections_{0};
};

}  // namespace mxedge::redis
