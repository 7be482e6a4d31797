#pragma once
// Argument checks and status builders shared by every MemberRegistry implementation.
#include <chrono>
#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mxedge::ownership::internal {

// InvalidArgumentError unless timeout > 0.
absl::Status ValidateTimeout(std::chrono::milliseconds timeout);

// The newest heartbeat that counts as stale: now − timeout.
int64_t StaleCutoffUnixMs(int64_t now_unix_ms, std::chrono::milliseconds timeout);

absl::Status NotRegisteredError(std::string_view registry, std::string_view member_id);

// A stored score as unix ms: finite, integral, non-negative. DataLossError naming the registry and
// member otherwise.
absl::StatusOr<int64_t> ScoreToUnixMs(std::string_view registry, std::string_view member_id,
                                      double score);

}  // namespace mxedge::ownership::internal
