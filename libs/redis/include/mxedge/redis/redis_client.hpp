#pragma once
// RedisClient: the one narrow seam between mxedge and Redis. Everything above it (typed commands,
// scripts, stores) is written against this interface so fakes are easy.
#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/redis/reply.hpp"

namespace mxedge::redis {

struct CallOptions {
  // Overrides the client's command timeout for this call (e.g. a blocking XREADGROUP needs its
  // BLOCK time plus a margin). nullopt = the client's default.
  std::optional<std::chrono::milliseconds> timeout;
};

// Status conventions of every RedisClient:
// - Redis unreachable, connection lost, or backing off after failures: UnavailableError naming the
//   address.
// - No reply within the timeout: DeadlineExceededError.
// - An error reply from Redis in Execute(): a non-OK status (see ServerErrorFromReply) whose
// message
//   is "redis <COMMAND>: <server message>"; the raw server message is attached to the status and
//   read back with ServerErrorMessage().
class RedisClient {
 public:
  virtual ~RedisClient() = default;

  // Runs one command; `args` are binary-safe (args[0] is the command name).
  virtual absl::StatusOr<Reply> Execute(std::span<const std::string> args,
                                        CallOptions options = {}) = 0;

  // Runs the commands back to back on one connection and returns one reply per command, in order.
  // An error reply of one command is returned as a Reply of type kError in its slot (MULTI/EXEC
  // work here because all commands share a connection). A non-OK status means transport failure:
  // which of the commands ran is then unknown.
  virtual absl::StatusOr<std::vector<Reply>> Pipeline(
      const std::vector<std::vector<std::string>>& commands, CallOptions options = {}) = 0;
};

// The status for an error reply to `command`: FailedPreconditionError for WRONGTYPE, NOSCRIPT,
// BUSYGROUP, NOGROUP, BUSYKEY, EXECABORT, OOM, READONLY, NOPERM, NOAUTH and WRONGPASS,
// UnavailableError for LOADING, BUSY and MASTERDOWN, InvalidArgumentError for "ERR" (syntax, arity,
// not an integer, ...), UnknownError otherwise. The server's raw message is attached as a payload.
absl::Status ServerErrorFromReply(std::string_view command, std::string_view server_message);

// The server's raw error message (e.g. "NOSCRIPT No matching script...") when `status` came from
// an error reply, nullopt otherwise.
std::optional<std::string> ServerErrorMessage(const absl::Status& status);

// True when `status` came from an error reply whose error code (first word) is `code`, e.g.
// IsServerError(s, "NOSCRIPT").
bool IsServerError(const absl::Status& status, std::string_view code);

}  // namespace mxedge::redis
