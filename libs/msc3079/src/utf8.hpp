#pragma once
// UTF-8 well-formedness check (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
#include <cstddef>
#include <optional>
#include <string_view>

namespace mxedge::msc3079::internal {

// Offset of the first byte that starts an ill-formed sequence, or nullopt when `text` is valid.
std::optional<std::size_t> FindInvalidUtf8(std::string_view text);

}  // namespace mxedge::msc3079::internal
