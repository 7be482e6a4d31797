#pragma once
// How long a server asked us to wait: the Retry-After header (delay-seconds or an HTTP-date,
// RFC 9110 §10.2.3) or Matrix's `retry_after_ms` in a JSON error body (M_LIMIT_EXCEEDED).
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "mxedge/http/response.hpp"

namespace mxedge::http {

// Milliseconds to wait, or nullopt when the response names no delay (or names it unreadably).
// `now` is the wall-clock time HTTP-dates are measured against; a date in the past gives 0.
// When both are present, the JSON `retry_after_ms` wins (it is the more precise one).
std::optional<int64_t> RetryAfterMs(const Response& response,
                                    std::chrono::system_clock::time_point now);

// Parses an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") into a time point.
std::optional<std::chrono::system_clock::time_point> ParseHttpDate(std::string_view text);

}  // namespace mxedge::http
