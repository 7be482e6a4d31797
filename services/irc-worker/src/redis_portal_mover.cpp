#include "redis_portal_mover.hpp"

#include <utility>
#include <vector>

#include "mxedge/common/str_cat.hpp"
#include "mxedge/redis/script.hpp"
#include "script_replies.hpp"

namespace mxedge::irc_worker {
namespace {

using common::Cat;

// KEYS[1] old room hash, KEYS[2] new room hash. ARGV new room id, key prefix.
// Returns {1, network, channel, plumbed, user} when moved, {0} when the old room is not a portal,
// {-1} when the new room is already bridged.
const redis::Script& MoveScript() {
  static const redis::Script script(R"lua(
local fields = redis.call('HMGET', KEYS[1], 'network', 'kind', 'channel', 'plumbed', 'user')
if not fields[1] or fields[2] ~= 'portal' or not fields[3] then
  return {0}
end
if redis.call('EXISTS', KEYS[2]) == 1 then
  return {-1}
end
local all = redis.call('HGETALL', KEYS[1])
redis.call('HSET', KEYS[2], unpack(all))
redis.call('SET', ARGV[2] .. 'irc:portal:' .. fields[1] .. ':' .. fields[3], ARGV[1])
redis.call('DEL', KEYS[1])
return {1, fields[1], fields[3], fields[4] or '', fields[5] or ''}
)lua");
  return script;
}

}  // namespace

RedisPortalMover::RedisPortalMover(redis::RedisClient& client, IrcKeys keys)
    : client_(client), keys_(std::move(keys)) {}

absl::StatusOr<std::optional<BridgedRoom>> RedisPortalMover::MovePortal(
    std::string_view old_room_id, std::string_view new_room_id) {
  if (absl::Status s = ValidateRoomArg(old_room_id); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateRoomArg(new_room_id); !s.ok()) {
    return s;
  }
  if (old_room_id == new_room_id) {
    return absl::InvalidArgumentError("a room cannot replace itself");
  }
  const std::vector<std::string> keys = {Cat(keys_.prefix(), "irc:room:", old_room_id),
                                         Cat(keys_.prefix(), "irc:room:", new_room_id)};
  const std::vector<std::string> args = {std::string(new_room_id), keys_.prefix()};
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client_, MoveScript(), keys, args);
  if (!reply.ok()) {
    return scripts::Context(reply.status(), Cat("move portal ", old_room_id));
  }
  absl::StatusOr<std::vector<redis::Reply>> parts = scripts::ToArray("move portal", *reply, 0);
  if (!parts.ok()) {
    return parts.status();
  }
  if (parts->empty()) {
    return absl::InternalError("move portal: empty reply");
  }
  absl::StatusOr<int64_t> outcome = scripts::ToInt("move portal outcome", (*parts)[0]);
  if (!outcome.ok()) {
    return outcome.status();
  }
  if (*outcome == 0) {
    return std::nullopt;
  }
  if (*outcome < 0) {
    return absl::AlreadyExistsError(Cat("room ", new_room_id, " is already bridged"));
  }
  if (parts->size() != 5) {
    return absl::InternalError("move portal: reply of the wrong size");
  }
  absl::StatusOr<std::string> network = scripts::ToString("move portal network", (*parts)[1]);
  absl::StatusOr<std::string> channel = scripts::ToString("move portal channel", (*parts)[2]);
  absl::StatusOr<std::string> plumbed = scripts::ToString("move portal plumbed", (*parts)[3]);
  absl::StatusOr<std::string> user = scripts::ToString("move portal user", (*parts)[4]);
  for (const absl::Status& s :
       {network.status(), channel.status(), plumbed.status(), user.status()}) {
    if (!s.ok()) {
      return s;
    }
  }
  // A plumbed room stays plumbed, as RedisBridgedRooms::Find reads it.
  const bool is_plumbed = *plumbed == "1";
  return BridgedRoom{.room_id = std::string(new_room_id),
                     .network = *std::move(network),
                     .kind = RoomKind::kPortal,
                     .channel = *std::move(channel),
                     .user_id = is_plumbed ? *std::move(user) : std::string(),
                     .plumbed = is_plumbed};
}

}  // namespace mxedge::irc_worker
