#pragma once
// Dropping Matrix events that are too old to bridge after downtime (no replay of stale chatter).
#include <chrono>
#include <cstdint>

#include "nlohmann/json.hpp"

namespace mxedge::bridge {

// Whether `event` should be dropped at `now_unix_ms`: its age, from `unsigned.age` when present
// (the homeserver's own clock, immune to skew) else from now minus `origin_server_ts`, is over
// `max_age`. A max_age of zero disables the filter; an event with neither field is kept.
bool IsStaleEvent(const nlohmann::json& event, std::int64_t now_unix_ms,
                  std::chrono::seconds max_age);

}  // namespace mxedge::bridge
