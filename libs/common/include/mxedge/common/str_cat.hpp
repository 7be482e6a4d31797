#pragma once
// Debian's abseil is built with its own absl::string_view (not std::string_view), so absl::StrCat
// and friends do not take std::string_view. These adapt every piece; Cat() then concatenates with
// absl::StrCat. Use them wherever std::string_view meets abseil.
#include <string>
#include <string_view>
#include <type_traits>

#include "absl/strings/str_cat.h"

namespace mxedge::common {

inline absl::string_view Absl(std::string_view s) { return absl::string_view(s.data(), s.size()); }
inline std::string_view Std(absl::string_view s) { return std::string_view(s.data(), s.size()); }

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

}  // namespace mxedge::common
