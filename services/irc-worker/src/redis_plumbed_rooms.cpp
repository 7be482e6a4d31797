#include "redis_plumbed_rooms.hpp"

#include <utility>
#include <vector>

#include "bridged_rooms.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/redis/script.hpp"
#include "script_replies.hpp"

namespace mxedge::irc_worker {
namespace {

using common::Cat;

// KEYS[1] room hash. ARGV network, inviter. Returns 1 when recorded (or already invited for the
// network), 0 when the room is bridged as something else or invited for another network.
const redis::Script& AddInvitedScript() {
  static const redis::Script script(R"lua(
local fields = redis.call('HMGET', KEYS[1], 'kind', 'network')
if fields[1] then
  if fields[1] ~= 'invited' or fields[2] ~= ARGV[1] then
    return 0
  end
  return 1
end
redis.call('HSET', KEYS[1], 'network', ARGV[1], 'kind', 'invited', 'user', ARGV[2])
return 1
)lua");
  return script;
}

// KEYS[1] room hash, KEYS[2] the channel's index. ARGV network, folded channel, room id, user.
// Returns {1, room} plumbed (now or before, to this channel), {0, room} the channel has `room`,
// {2, channel} the room is plumbed to `channel`, {-1, ''} the room is not invited on the network.
const redis::Script& PlumbScript() {
  static const redis::Script script(R"lua(
local fields = redis.call('HMGET', KEYS[1], 'kind', 'network', 'channel', 'plumbed')
if fields[2] ~= ARGV[1] then
  return {-1, ''}
end
if fields[1] == 'portal' and fields[4] == '1' then
  if fields[3] == ARGV[2] then
    return {1, ARGV[3]}
  end
  return {2, fields[3] or ''}
end
if fields[1] ~= 'invited' then
  return {-1, ''}
end
local existing = redis.call('GET', KEYS[2])
if existing then
  return {0, existing}
end
redis.call('SET', KEYS[2], ARGV[3])
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'network', ARGV[1], 'kind', 'portal', 'channel', ARGV[2],
           'plumbed', '1', 'user', ARGV[4])
return {1, ARGV[3]}
)lua");
  return script;
}

}  // namespace

RedisPlumbedRooms::RedisPlumbedRooms(redis::RedisClient& client, IrcKeys keys)
    : client_(client), keys_(std::move(keys)) {}

absl::StatusOr<bool> RedisPlumbedRooms::AddInvited(std::string_view network,
                                                   std::string_view room_id,
                                                   std::string_view inviter) {
  if (absl::Status s = ValidateInvitedArgs(network, room_id, inviter); !s.ok()) {
    return s;
  }
  const std::vector<std::string> keys = {Cat(keys_.prefix(), "irc:room:", room_id)};
  const std::vector<std::string> args = {std::string(network), std::string(inviter)};
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client_, AddInvitedScript(), keys, args);
  if (!reply.ok()) {
    return scripts::Context(reply.status(), Cat("record invited room ", room_id));
  }
  absl::StatusOr<int64_t> added = scripts::ToInt("add invited room", *reply);
  if (!added.ok()) {
    return added.status();
  }
  return *added == 1;
}

absl::StatusOr<PlumbResult> RedisPlumbedRooms::Plumb(std::string_view network,
                                                     std::string_view folded_channel,
                                                     std::string_view room_id,
                                                     std::string_view user_id) {
  if (absl::Status s = ValidatePlumbArgs(network, folded_channel, room_id, user_id); !s.ok()) {
    return s;
  }
  const std::vector<std::string> keys = {
      Cat(keys_.prefix(), "irc:room:", room_id),
      Cat(keys_.prefix(), "irc:portal:", network, ":", folded_channel)};
  const std::vector<std::string> args = {std::string(network), std::string(folded_channel),
                                         std::string(room_id), std::string(user_id)};
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client_, PlumbScript(), keys, args);
  if (!reply.ok()) {
    return scripts::Context(reply.status(), Cat("plumb ", room_id, " to ", folded_channel));
  }
  absl::StatusOr<std::vector<redis::Reply>> parts = scripts::ToArray("plumb", *reply, 2);
  if (!parts.ok()) {
    return parts.status();
  }
  absl::StatusOr<int64_t> code = scripts::ToInt("plumb outcome", (*parts)[0]);
  if (!code.ok()) {
    return code.status();
  }
  absl::StatusOr<std::string> text = scripts::ToString("plumb room", (*parts)[1]);
  if (!text.ok()) {
    return text.status();
  }
  PlumbResult result;
  switch (*code) {
    case 1:
      result.outcome = PlumbOutcome::kPlumbed;
      result.room_id = *std::move(text);
      break;
    case 0:
      result.outcome = PlumbOutcome::kChannelTaken;
      result.room_id = *std::move(text);
      break;
    case 2:
      result.outcome = PlumbOutcome::kAlreadyPlumbed;
      result.channel = *std::move(text);
      break;
    case -1:
      result.outcome = PlumbOutcome::kNotInvited;
      break;
    default:
      return absl::InternalError(Cat("plumb: unexpected outcome ", *code));
  }
  return result;
}

}  // namespace mxedge::irc_worker
