#pragma once
// Small readers for the replies of irc-worker's Lua scripts and the time expression they share.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/redis/reply.hpp"
#include "mxedge/redis/script.hpp"

namespace mxedge::irc_worker::scripts {

// Lua that sets local `now` to Redis' own clock in unix milliseconds.
inline constexpr std::string_view kNowMs =
    "local t = redis.call('TIME')\n"
    "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n";

// KEYS[1] a string. ARGV[1] the value it must hold to be deleted. Returns 1 when deleted, else 0.
const redis::Script& CompareAndDeleteScript();

// The script text with kNowMs in front.
std::string WithNow(std::string_view body);

// An integer reply, or a bulk string holding a canonical decimal integer (scores, hash fields).
// InternalError naming `what` otherwise.
absl::StatusOr<int64_t> ToInt(std::string_view what, const redis::Reply& reply);

// A bulk string reply as text; InternalError naming `what` otherwise.
absl::StatusOr<std::string> ToString(std::string_view what, const redis::Reply& reply);

// The elements of an array reply of exactly `size` elements (any size when `size` is 0);
// InternalError naming `what` otherwise.
absl::StatusOr<std::vector<redis::Reply>> ToArray(std::string_view what, const redis::Reply& reply,
                                                  size_t size = 0);

// `status` with "<operation>: " put in front of its message, code and payloads kept.
absl::Status Context(const absl::Status& status, std::string_view operation);

// InvalidArgumentError unless 0 < timeout.
absl::Status ValidatePositive(std::string_view what, std::chrono::milliseconds value);

}  // namespace mxedge::irc_worker::scripts
