#pragma once
// Lua scripts run by SHA1 (EVALSHA) with a fallback to EVAL when the server does not know the
// script (after a restart or SCRIPT FLUSH); EVAL also caches it for the next EVALSHA.
#include <span>
#include <string>

#include "absl/status/statusor.h"
#include "mxedge/redis/redis_client.hpp"
#include "mxedge/redis/reply.hpp"

namespace mxedge::redis {

class Script {
 public:
  explicit Script(std::string text);

  const std::string& text() const { return text_; }
  // Lower-case hex SHA1 of the text, as Redis names scripts.
  const std::string& sha1() const { return sha1_; }

 private:
  std::string text_;
  std::string sha1_;
};

// EVALSHA sha numkeys keys... args...; on NOSCRIPT, EVAL with the text. A script's own error
// (redis.error_reply, a runtime error) is returned as a non-OK status like any error reply.
absl::StatusOr<Reply> EvalScript(RedisClient& client, const Script& script,
                                 std::span<const std::string> keys,
                                 std::span<const std::string> args, CallOptions options = {});

}  // namespace mxedge::redis
