#include "in_memory_connect_rate.hpp"

#include <algorithm>
#include <cmath>

#include "irc_keys.hpp"

namespace mxedge::irc_worker {

InMemoryConnectRate::InMemoryConnectRate(const common::Clock& clock) : clock_(clock) {}

absl::StatusOr<ConnectPermit> InMemoryConnectRate::TryAcquire(std::string_view network,
                                                              const ConnectRateLimit& limit) {
  if (absl::Status s = ValidateNetwork(network); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateConnectRateLimit(limit); !s.ok()) {
    return s;
  }
  const int64_t now = clock_.NowUnixMs();
  const double burst = static_cast<double>(limit.burst);
  std::lock_guard lock(mu_);
  auto [it, inserted] = buckets_.try_emplace(std::string(network), Bucket{burst, now});
  Bucket& bucket = it->second;
  if (now > bucket.ts_unix_ms) {
    bucket.tokens += static_cast<double>(now - bucket.ts_unix_ms) * limit.per_second / 1000;
    bucket.ts_unix_ms = now;
  }
  bucket.tokens = std::min(bucket.tokens, burst);
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return ConnectPermit{true, std::chrono::milliseconds(0)};
  }
  const auto wait = static_cast<int64_t>(std::ceil((1 - bucket.tokens) * 1000 / limit.per_second));
  return ConnectPermit{false, std::chrono::milliseconds(wait)};
}

}  // namespace mxedge::irc_worker
