#pragma once
// Debian's abseil is built with its own absl::string_view (not std::string_view), so absl::StrCat
// does not take std::string_view. Cat() adapts every piece, then concatenates with absl::StrCat.
#include <string>
#include <string_view>
#include <type_traits>

#include "absl/strings/str_cat.h"

namespace mxedge::testing::internal {

inline absl::string_view Absl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

template <typename T>
absl::AlphaNum Piece(const T& value) {
  if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    return absl::AlphaNum(Absl(std::string_view(value)));
  } else {
    return absl::AlphaNum(value);
  }
}

template <typename... T>
std::string Cat(const T&... parts) {
  return absl::StrCat(Piece(parts)...);
}

}  // namespace mxedge::testing::internal
