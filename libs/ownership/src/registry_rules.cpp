#include "registry_rules.hpp"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl_compat.hpp"

namespace mxedge::ownership::internal {

absl::Status ValidateTimeout(std::chrono::milliseconds timeout) {
  if (timeout.count() <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("liveness timeout must be positive, got ", timeout.count(), " ms"));
  }
  return absl::OkStatus();
}

int64_t StaleCutoffUnixMs(int64_t now_unix_ms, std::chrono::milliseconds timeout) {
  return now_unix_ms - timeout.count();
}

absl::Status NotRegisteredError(std::string_view registry, std::string_view member_id) {
  return absl::NotFoundError(absl::StrCat("member ", Sv(member_id), " is not registered in ",
                                          Sv(registry), " (evicted or removed)"));
}

absl::StatusOr<int64_t> ScoreToUnixMs(std::string_view registry, std::string_view member_id,
                                      double score) {
  // 2^53: every integer below is exact in a double; unix ms stay below it for 285,000 years.
  constexpr double kMaxExact = 9007199254740992.0;
  if (!std::isfinite(score) || score < 0 || score >= kMaxExact || std::floor(score) != score) {
    return absl::DataLossError(absl::StrCat("heartbeat of ", Sv(member_id), " in ", Sv(registry),
                                            " is not a unix time in ms: ", score));
  }
  return static_cast<int64_t>(score);
}

}  // namespace mxedge::ownership::internal
