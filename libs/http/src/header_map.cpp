#include "mxedge/http/header_map.hpp"

#include <algorithm>
#include <cstddef>

#include "absl/strings/ascii.h"

namespace mxedge::http {

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    const char ca = absl::ascii_tolower(static_cast<unsigned char>(a[i]));
    const char cb = absl::ascii_tolower(static_cast<unsigned char>(b[i]));
    if (ca != cb) {
      return ca < cb;
    }
  }
  return a.size() < b.size();
}

std::optional<std::string> FindHeader(const HeaderMap& headers, std::string_view name) {
  auto it = headers.find(name);
  if (it == headers.end()) {
    return std::nullopt;
  }
  return it->second;
}

void SetHeader(HeaderMap& headers, std::string_view name, std::string_view value) {
  auto [first, last] = headers.equal_range(name);
  headers.erase(first, last);
  headers.emplace(std::string(name), std::string(value));
}

}  // namespace mxedge::http
