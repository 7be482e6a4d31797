// Fuzz target: ParseRedisUrl on arbitrary bytes. Beyond not crashing, a parsed URL must be
// self-consistent: a TCP URL has a host and a port in range, a unix URL an absolute path, the db
// is not negative, and Address() is exactly the location (never the user or password).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mxedge/redis/redis_url.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto url = mxedge::redis::ParseRedisUrl(input);
  if (!url.ok()) {
    if (url.status().message().empty()) __builtin_trap();  // every rejection says why
    return 0;
  }
  using Transport = mxedge::redis::RedisUrl::Transport;
  if (url->transport == Transport::kTcp) {
    if (url->host.empty() || url->port < 1 || url->port > 65535) __builtin_trap();
  } else if (url->unix_path.empty() || url->unix_path.front() != '/') {
    __builtin_trap();
  }
  if (url->db < 0) __builtin_trap();
  // Address() is exactly the location, so it can never carry the user or the password.
  std::string expected;
  if (url->transport == Transport::kTcp) {
    const bool v6 = url->host.find(':') != std::string::npos;
    expected = (v6 ? "[" + url->host + "]" : url->host) + ":" + std::to_string(url->port);
  } else {
    expected = "unix:" + url->unix_path;
  }
  if (url->Address() != expected) __builtin_trap();
  return 0;
}
