#pragma once
// The reply shape of the ownership compare-and-set scripts: {1} or {1, value} when the write
// happened, {0} or {0, current value} when it did not.
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/redis/reply.hpp"

namespace mxedge::ownership::internal {

struct ScriptOutcome {
  bool applied = false;
  std::optional<std::string> value;
};

// InternalError naming `script` when the reply has another shape.
absl::StatusOr<ScriptOutcome> ParseScriptOutcome(std::string_view script,
                                                 const redis::Reply& reply);

// `status` with "<operation> <key>: " put in front of its message, code and payloads kept.
absl::Status WithContext(const absl::Status& status, std::string_view operation,
                         std::string_view key);

}  // namespace mxedge::ownership::internal
