#pragma once
// Debian's abseil has its own absl::string_view, distinct from std::string_view, and absl::StrCat
// accepts only the former: std::string_view pieces go through Sv().
#include <string_view>

#include "absl/strings/string_view.h"

namespace mxedge::ownership::internal {

inline absl::string_view Sv(std::string_view s) { return absl::string_view(s.data(), s.size()); }

}  // namespace mxedge::ownership::internal
