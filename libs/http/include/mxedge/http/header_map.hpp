#pragma once
// HTTP header fields: names compare case-insensitively, repeated names keep every value.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace mxedge::http {

struct CaseInsensitiveLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const;
};

using HeaderMap = std::multimap<std::string, std::string, CaseInsensitiveLess>;

// The first value of `name`, if present.
std::optional<std::string> FindHeader(const HeaderMap& headers, std::string_view name);
// Replaces every value of `name` with `value`.
void SetHeader(HeaderMap& headers, std::string_view name, std::string_view value);

}  // namespace mxedge::http
