#pragma once
// Internal: events from already-parsed nlohmann::json values (shared by ParseEvent and
// ParseTransaction, so both report the same field errors).
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "mxedge/matrix/event.hpp"

namespace mxedge::matrix::internal {

// Compact JSON text; invalid UTF-8 cannot occur in parsed input, but is replaced if it does.
std::string CompactJson(const nlohmann::json& value);

// Whether the deepest array/object nesting in `text` is at most `limit` (brackets inside strings
// do not count). Stops scanning as soon as the limit is passed.
bool NestingWithin(std::string_view text, size_t limit);

// `where` prefixes errors: "events[3]" gives "events[3].room_id: missing".
absl::StatusOr<Event> EventFromJson(const nlohmann::json& value, std::string_view where);
absl::StatusOr<EphemeralEvent> EphemeralFromJson(const nlohmann::json& value,
                                                 std::string_view where);

}  // namespace mxedge::matrix::internal
