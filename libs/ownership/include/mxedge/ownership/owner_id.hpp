#pragma once
// Owner ids name the holder of a lease, a registry member or a pending idempotency record: a router
// id, a worker id. They are stored inside Redis values such as `<owner_id>:<epoch>` and
// `<worker_id>:<mxid>`, so they must not contain ':' and must survive being written to a log line.
#include <cstddef>
#include <string_view>

#include "absl/status/status.h"

namespace mxedge::ownership {

inline constexpr std::size_t kMaxOwnerIdBytes = 128;

// OK for 1..kMaxOwnerIdBytes printable ASCII characters other than space and ':';
// InvalidArgumentError naming the offending character otherwise.
absl::Status ValidateOwnerId(std::string_view owner_id);

}  // namespace mxedge::ownership
