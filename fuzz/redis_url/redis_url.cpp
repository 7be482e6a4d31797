// Fuzz target: ParseRedisUrl on arbitrary bytes. Beyond not crashing, a parsed URL must be
// self-consistent: a TCP URL has a host and a port in range, a unix URL an absolute path, the db
// is not negative, and Address() never contains the password.
#include <cstddef>
#include <cstdint>
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
  const std::string address = url->Address();
  if (url->password.size() >= 4 && address.find(url->password) != std::string::npos &&
      url->host.find(url->password) == std::string::npos &&
      url->unix_path.find(url->password) == std::string::npos) {
    __builtin_trap();
  }
  return 0;
}
