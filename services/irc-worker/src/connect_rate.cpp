#include "connect_rate.hpp"

#include <cmath>

#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

namespace {
constexpr double kMaxPerSecond = 1e6;
constexpr int64_t kMaxBurst = 1'000'000;
}  // namespace

absl::Status ValidateConnectRateLimit(const ConnectRateLimit& limit) {
  if (!std::isfinite(limit.per_second) || limit.per_second <= 0 ||
      limit.per_second > kMaxPerSecond) {
    return absl::InvalidArgumentError(common::Cat("connect rate per_second must be in (0, ",
                                                  kMaxPerSecond, "], got ", limit.per_second));
  }
  if (limit.burst < 1 || limit.burst > kMaxBurst) {
    return absl::InvalidArgumentError(
        common::Cat("connect rate burst must be in [1, ", kMaxBurst, "], got ", limit.burst));
  }
  return absl::OkStatus();
}

}  // namespace mxedge::irc_worker
