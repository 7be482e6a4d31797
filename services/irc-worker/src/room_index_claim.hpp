#pragma once
// ClaimRoomIndex: one Lua step that records a bridged room under an index key (a portal's
// irc:portal, a private chat's irc:pm) and writes the room's irc:room hash, so two workers
// creating the same room at once end with one record.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "mxedge/redis/redis_client.hpp"

namespace mxedge::irc_worker {

// Sets `index_key` → `room_id` and the hash `room_key` to `fields` unless the index already names
// a room, which is then returned instead of `room_id`. AlreadyExistsError when `room_key` exists
// while the index is empty (the room is bridged as something else); Redis failures carry
// `operation` in front of their message.
absl::StatusOr<std::string> ClaimRoomIndex(
    redis::RedisClient& client, const std::string& index_key, const std::string& room_key,
    std::string_view room_id, const std::vector<std::pair<std::string, std::string>>& fields,
    std::string_view operation);

}  // namespace mxedge::irc_worker
