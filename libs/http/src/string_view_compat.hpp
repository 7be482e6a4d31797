#pragma once
// Debian's abseil (20220623) is built with its own absl::string_view, distinct from
// std::string_view: these convert between the two without copying.
#include <string_view>

#include "absl/strings/string_view.h"

namespace mxedge::http::internal {

inline absl::string_view ToAbsl(std::string_view s) { return {s.data(), s.size()}; }
inline std::string_view ToStd(absl::string_view s) { return {s.data(), s.size()}; }

}  // namespace mxedge::http::internal
