#pragma once
// Reversible escaping of IRC text (nicks) into Matrix user id localparts.
//
// The output uses only the strict localpart characters [a-z0-9._/+-] and '=': ASCII lower-case
// letters, digits and "._/+-" stay as they are; every other byte (upper-case letters included,
// and '=' itself) becomes "=xx" with two lower-case hex digits. Callers fold nicks by the
// server's CASEMAPPING first, so one IRC user always gets one ghost id.
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mxedge::bridge {

std::string EscapeLocalpart(std::string_view text);

// The inverse of EscapeLocalpart. InvalidArgumentError when `escaped` holds a byte EscapeLocalpart
// never writes, a '=' without two lower-case hex digits after it, or an escape of a byte that
// needs none (so each text has exactly one escaped form).
absl::StatusOr<std::string> UnescapeLocalpart(std::string_view escaped);

// Whether EscapeLocalpart can write `c`.
bool IsEscapedLocalpartChar(char c);

}  // namespace mxedge::bridge
