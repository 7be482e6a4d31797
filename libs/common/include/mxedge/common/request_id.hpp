#pragma once
// Request ids: one per incoming request, logged as `request_id` and passed on to upstream calls.
#include <string>
#include <string_view>

namespace mxedge::common {

inline constexpr size_t kRequestIdLength = 16;
inline constexpr size_t kMaxForeignRequestIdLength = 64;

// 16 lowercase hex characters (64 random bits). Thread-safe, no locking.
std::string NewRequestId();

// Whether an id received from a peer (e.g. an X-Request-Id header) may be reused as ours:
// 1..64 characters of [A-Za-z0-9._-], so it is safe to log and to forward.
bool IsAcceptableRequestId(std::string_view id);

}  // namespace mxedge::common
