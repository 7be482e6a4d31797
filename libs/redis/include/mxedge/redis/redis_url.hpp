#pragma once
// Parsing of the Redis address from configuration:
//   redis://[[user]:password@]host[:port][/db]      host may be a bracketed IPv6 literal
//   unix://[[user]:password@]/absolute/path[?db=N]
// User and password may be percent-encoded. Input is untrusted config: every malformed form gives
// an InvalidArgumentError naming what is wrong, never a crash.
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mxedge::redis {

struct RedisUrl {
  enum class Transport { kTcp, kUnix };

  Transport transport = Transport::kTcp;
  std::string host = "127.0.0.1";  // kTcp only; without brackets for IPv6
  int port = 6379;                 // kTcp only
  std::string unix_path;           // kUnix only
  std::string user;                // empty = default user
  std::string password;            // empty = no AUTH
  int db = 0;                      // SELECT when not 0

  // "host:port" ("[v6]:port") or "unix:/path": safe to log, never contains credentials.
  std::string Address() const;

  friend bool operator==(const RedisUrl&, const RedisUrl&) = default;
};

absl::StatusOr<RedisUrl> ParseRedisUrl(std::string_view url);

}  // namespace mxedge::redis
