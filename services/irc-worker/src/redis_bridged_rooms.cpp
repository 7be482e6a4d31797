#include "redis_bridged_rooms.hpp"

#include <algorithm>
#include <utility>

#include "mxedge/common/str_cat.hpp"
#include "mxedge/redis/commands.hpp"
#include "mxedge/redis/script.hpp"
#include "room_index_claim.hpp"
#include "script_replies.hpp"

namespace mxedge::irc_worker {
namespace {

using common::Cat;

// KEYS[1] admin index, KEYS[2] new room hash. ARGV network, user, room id, key prefix.
// Returns 1, or -1 when the new room is bridged as something else.
const redis::Script& SetAdminScript() {
  static const redis::Script script(R"lua(
local kind = redis.call('HGET', KEYS[2], 'kind')
if kind and not (kind == 'admin' and redis.call('HGET', KEYS[2], 'user') == ARGV[2]
                 and redis.call('HGET', KEYS[2], 'network') == ARGV[1]) then
  return -1
end
local old = redis.call('GET', KEYS[1])
if old and old ~= ARGV[3] then
  redis.call('DEL', ARGV[4] .. 'irc:room:' .. old)
end
redis.call('SET', KEYS[1], ARGV[3])
redis.call('HSET', KEYS[2], 'network', ARGV[1], 'kind', 'admin', 'user', ARGV[2])
return 1
)lua");
  return script;
}

// KEYS[1] room hash. ARGV room id, key prefix. Returns 1 when removed, 0 when unknown.
const redis::Script& RemoveScript() {
  static const redis::Script script(R"lua(
local fields = redis.call('HMGET', KEYS[1], 'network', 'kind', 'channel', 'user')
if not fields[1] then
  return 0
end
local index
if fields[2] == 'portal' and fields[3] then
  index = ARGV[2] .. 'irc:portal:' .. fields[1] .. ':' .. fields[3]
elseif fields[2] == 'admin' and fields[4] then
  index = ARGV[2] .. 'irc:admin:' .. fields[1] .. ':' .. fields[4]
end
if index and redis.call('GET', index) == ARGV[1] then
  redis.call('DEL', index)
end
redis.call('DEL', KEYS[1])
return 1
)lua");
  return script;
}

absl::Status ValidatePortalArgs(std::string_view network, std::string_view folded_channel) {
  return ValidateNetworkAndPart(network, "channel", folded_channel);
}

absl::Status ValidateUserArgs(std::string_view network, std::string_view user_id) {
  return ValidateNetworkAndPart(network, "user id", user_id);
}

}  // namespace

RedisBridgedRooms::RedisBridgedRooms(redis::RedisClient& client, IrcKeys keys)
    : client_(client), keys_(std::move(keys)) {}

std::string RedisBridgedRooms::RoomKey(std::string_view room_id) const {
  return Cat(keys_.prefix(), "irc:room:", room_id);
}

std::string RedisBridgedRooms::PortalKey(std::string_view network,
                                         std::string_view folded_channel) const {
  return Cat(keys_.prefix(), "irc:portal:", network, ":", folded_channel);
}

std::string RedisBridgedRooms::AdminKey(std::string_view network, std::string_view user_id) const {
  return Cat(keys_.prefix(), "irc:admin:", network, ":", user_id);
}

std::string RedisBridgedRooms::UserChannelsKey(std::string_view network,
                                               std::string_view user_id) const {
  return Cat(keys_.prefix(), "irc:user-channels:", network, ":", user_id);
}

absl::StatusOr<std::string> RedisBridgedRooms::AddPortal(std::string_view network,
                                                         std::string_view folded_channel,
                                                         std::string_view room_id) {
  if (absl::Status s = ValidatePortalArgs(network, folded_channel); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateRoomArg(room_id); !s.ok()) {
    return s;
  }
  return ClaimRoomIndex(client_, PortalKey(network, folded_channel), RoomKey(room_id), room_id,
                        {{"network", std::string(network)},
                         {"kind", "portal"},
                         {"channel", std::string(folded_channel)}},
                        Cat("record portal of ", folded_channel));
}

absl::StatusOr<std::optional<std::string>> RedisBridgedRooms::PortalOf(
    std::string_view network, std::string_view folded_channel) {
  if (absl::Status s = ValidatePortalArgs(network, folded_channel); !s.ok()) {
    return s;
  }
  absl::StatusOr<std::optional<std::string>> room =
      redis::Get(client_, PortalKey(network, folded_channel));
  if (!room.ok()) {
    return scripts::Context(room.status(), Cat("look up portal of ", folded_channel));
  }
  return *std::move(room);
}

absl::Status RedisBridgedRooms::SetAdminRoom(std::string_view network, std::string_view user_id,
                                             std::string_view room_id) {
  if (absl::Status s = ValidateUserArgs(network, user_id); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateRoomArg(room_id); !s.ok()) {
    return s;
  }
  const std::vector<std::string> keys = {AdminKey(network, user_id), RoomKey(room_id)};
  const std::vector<std::string> args = {std::string(network), std::string(user_id),
                                         std::string(room_id), keys_.prefix()};
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client_, SetAdminScript(), keys, args);
  if (!reply.ok()) {
    return scripts::Context(reply.status(), Cat("record admin room of ", user_id));
  }
  absl::StatusOr<int64_t> outcome = scripts::ToInt("set admin room", *reply);
  if (!outcome.ok()) {
    return outcome.status();
  }
  if (*outcome < 0) {
    return absl::AlreadyExistsError(Cat("room ", room_id, " is already bridged"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> RedisBridgedRooms::AdminRoomOf(
    std::string_view network, std::string_view user_id) {
  if (absl::Status s = ValidateUserArgs(network, user_id); !s.ok()) {
    return s;
  }
  absl::StatusOr<std::optional<std::string>> room = redis::Get(client_, AdminKey(network, user_id));
  if (!room.ok()) {
    return scripts::Context(room.status(), Cat("look up admin room of ", user_id));
  }
  return *std::move(room);
}

absl::StatusOr<std::optional<BridgedRoom>> RedisBridgedRooms::Find(std::string_view room_id) {
  if (absl::Status s = ValidateRoomArg(room_id); !s.ok()) {
    return s;
  }
  absl::StatusOr<std::map<std::string, std::string>> fields =
      redis::HGetAll(client_, RoomKey(room_id));
  if (!fields.ok()) {
    return scripts::Context(fields.status(), Cat("look up room ", room_id));
  }
  if (fields->empty()) {
    return std::nullopt;
  }
  BridgedRoom room;
  room.room_id = std::string(room_id);
  room.network = (*fields)["network"];
  const std::string& kind = (*fields)["kind"];
  if (kind == "portal") {
    room.kind = RoomKind::kPortal;
    room.channel = (*fields)["channel"];
    room.plumbed = (*fields)["plumbed"] == "1";
    if (room.plumbed) {
      room.user_id = (*fields)["user"];
    }
  } else if (kind == "admin") {
    room.kind = RoomKind::kAdmin;
    room.user_id = (*fields)["user"];
  } else if (kind == "pm") {
    room.kind = RoomKind::kPm;
    room.user_id = (*fields)["user"];
  } else if (kind == "invited") {
    room.kind = RoomKind::kInvited;
    room.user_id = (*fields)["user"];
  } else {
    return absl::DataLossError(Cat("room ", room_id, " has an unknown kind"));
  }
  return room;
}

absl::StatusOr<bool> RedisBridgedRooms::Remove(std::string_view room_id) {
  if (absl::Status s = ValidateRoomArg(room_id); !s.ok()) {
    return s;
  }
  const std::vector<std::string> keys = {RoomKey(room_id)};
  const std::vector<std::string> args = {std::string(room_id), keys_.prefix()};
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client_, RemoveScript(), keys, args);
  if (!reply.ok()) {
    return scripts::Context(reply.status(), Cat("remove room ", room_id));
  }
  absl::StatusOr<int64_t> removed = scripts::ToInt("remove room", *reply);
  if (!removed.ok()) {
    return removed.status();
  }
  return *removed == 1;
}

absl::Status RedisBridgedRooms::AddUserChannel(std::string_view network, std::string_view user_id,
                                               std::string_view folded_channel) {
  if (absl::Status s = ValidateUserArgs(network, user_id); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateKeyPart("channel", folded_channel); !s.ok()) {
    return s;
  }
  const std::vector<std::string> members = {std::string(folded_channel)};
  absl::StatusOr<int64_t> added = redis::SAdd(client_, UserChannelsKey(network, user_id), members);
  if (!added.ok()) {
    return scripts::Context(added.status(), Cat("record channel of ", user_id));
  }
  return absl::OkStatus();
}

absl::Status RedisBridgedRooms::RemoveUserChannel(std::string_view network,
                                                  std::string_view user_id,
                                                  std::string_view folded_channel) {
  if (absl::Status s = ValidateUserArgs(network, user_id); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateKeyPart("channel", folded_channel); !s.ok()) {
    return s;
  }
  const std::vector<std::string> members = {std::string(folded_channel)};
  absl::StatusOr<int64_t> removed =
      redis::SRem(client_, UserChannelsKey(network, user_id), members);
  if (!removed.ok()) {
    return scripts::Context(removed.status(), Cat("forget channel of ", user_id));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> RedisBridgedRooms::UserChannels(std::string_view network,
                                                                         std::string_view user_id) {
  if (absl::Status s = ValidateUserArgs(network, user_id); !s.ok()) {
    return s;
  }
  absl::StatusOr<std::vector<std::string>> channels =
      redis::SMembers(client_, UserChannelsKey(network, user_id));
  if (!channels.ok()) {
    return scripts::Context(channels.status(), Cat("list channels of ", user_id));
  }
  std::sort(channels->begin(), channels->end());
  return *std::move(channels);
}

}  // namespace mxedge::irc_worker
