#pragma once
// Debian's abseil (20220623) has its own absl::string_view, distinct from std::string_view, so
// absl::StrCat and friends need the conversion spelled out.
#include <string_view>

#include "absl/strings/string_view.h"

namespace mxedge::matrix::internal {

inline absl::string_view Sv(std::string_view s) { return {s.data(), s.size()}; }
inline std::string_view Std(absl::string_view s) { return {s.data(), s.size()}; }

}  // namespace mxedge::matrix::internal
