#pragma once
// Text helpers for the dispatch files. Debian's abseil has its own absl::string_view (not
// std::string_view), so absl::StrCat and friends do not take std::string_view: these adapt it.
#include <string>
#include <string_view>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace mxedge::appservice_router::dispatch_text {

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

// `status` with `context` and ": " before its message, same code.
inline absl::Status WithContext(const absl::Status& status, std::string_view context) {
  if (status.ok()) {
    return status;
  }
  return absl::Status(status.code(), Cat(context, ": ", status.message()));
}

}  // namespace mxedge::appservice_router::dispatch_text
