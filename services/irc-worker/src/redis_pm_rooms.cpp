#include "redis_pm_rooms.hpp"

#include <utility>

#include "bridged_rooms.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/redis/commands.hpp"
#include "mxedge/redis/script.hpp"
#include "room_index_claim.hpp"
#include "script_replies.hpp"

namespace mxedge::irc_worker {
namespace {

using common::Cat;

// KEYS[1] room hash, KEYS[2] told set. ARGV room id, key prefix. Returns 1 when removed, 0 when
// the room is not a PM room.
const redis::Script& RemoveScript() {
  static const redis::Script script(R"lua(
local f = redis.call('HMGET', KEYS[1], 'network', 'kind', 'user', 'nick')
if f[2] ~= 'pm' or not f[1] or not f[3] or not f[4] then
  return 0
end
local index = ARGV[2] .. 'irc:pm:' .. f[1] .. ':' .. f[3] .. ':' .. f[4]
if redis.call('GET', index) == ARGV[1] then
  redis.call('DEL', index)
end
redis.call('DEL', KEYS[1], KEYS[2])
return 1
)lua");
  return script;
}

// KEYS[1] old index, KEYS[2] new index. ARGV key prefix, new nick. Returns {1, room} when moved,
// {0, ""} when there is no old room, {-1, ""} when the new index is taken.
const redis::Script& RenameScript() {
  static const redis::Script script(R"lua(
local room = redis.call('GET', KEYS[1])
if not room then
  return {0, ''}
end
if redis.call('EXISTS', KEYS[2]) == 1 then
  return {-1, ''}
end
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], room)
redis.call('HSET', ARGV[1] .. 'irc:room:' .. room, 'nick', ARGV[2])
return {1, room}
)lua");
  return script;
}

struct Outcome {
  int64_t code = 0;
  std::string room;
};

absl::StatusOr<Outcome> ReadOutcome(std::string_view what, const redis::Reply& reply) {
  absl::StatusOr<std::vector<redis::Reply>> parts = scripts::ToArray(what, reply, 2);
  if (!parts.ok()) {
    return parts.status();
  }
  absl::StatusOr<int64_t> code = scripts::ToInt(what, (*parts)[0]);
  if (!code.ok()) {
    return code.status();
  }
  absl::StatusOr<std::string> room = scripts::ToString(what, (*parts)[1]);
  if (!room.ok()) {
    return room.status();
  }
  return Outcome{*code, *std::move(room)};
}

}  // namespace

RedisPmRooms::RedisPmRooms(redis::RedisClient& client, IrcKeys keys)
    : client_(client), keys_(std::move(keys)) {}

std::string RedisPmRooms::PmKey(std::string_view network, std::string_view owner,
                                std::string_view folded_nick) const {
  return Cat(keys_.prefix(), "irc:pm:", network, ":", owner, ":", folded_nick);
}

std::string RedisPmRooms::RoomKey(std::string_view room_id) const {
  return Cat(keys_.prefix(), "irc:room:", room_id);
}

std::string RedisPmRooms::ToldKey(std::string_view room_id) const {
  return Cat(keys_.prefix(), "irc:pm-told:", room_id);
}

absl::StatusOr<std::string> RedisPmRooms::Add(const PmRoom& room) {
  if (absl::Status s = ValidatePmArgs(room.network, room.owner, room.nick); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateRoomArg(room.room_id); !s.ok()) {
    return s;
  }
  return ClaimRoomIndex(
      client_, PmKey(room.network, room.owner, room.nick), RoomKey(room.room_id), room.room_id,
      {{"network", room.network}, {"kind", "pm"}, {"user", room.owner}, {"nick", room.nick}},
      Cat("record private chat with ", room.nick));
}

absl::StatusOr<std::optional<std::string>> RedisPmRooms::RoomOf(std::string_view network,
                                                                std::string_view owner,
                                                                std::string_view folded_nick) {
  if (absl::Status s = ValidatePmArgs(network, owner, folded_nick); !s.ok()) {
    return s;
  }
  absl::StatusOr<std::optional<std::string>> room =
      redis::Get(client_, PmKey(network, owner, folded_nick));
  if (!room.ok()) {
    return scripts::Context(room.status(), Cat("look up private chat with ", folded_nick));
  }
  return *std::move(room);
}

absl::StatusOr<std::optional<PmRoom>> RedisPmRooms::Find(std::string_view room_id) {
  if (absl::Status s = ValidateRoomArg(room_id); !s.ok()) {
    return s;
  }
  absl::StatusOr<std::map<std::string, std::string>> fields =
      redis::HGetAll(client_, RoomKey(room_id));
  if (!fields.ok()) {
    return scripts::Context(fields.status(), Cat("look up room ", room_id));
  }
  auto kind = fields->find("kind");
  if (kind == fields->end() || kind->second != "pm") {
    return std::nullopt;
  }
  PmRoom room{.room_id = std::string(room_id),
              .network = (*fields)["network"],
              .owner = (*fields)["user"],
              .nick = (*fields)["nick"]};
  if (!ValidatePmArgs(room.network, room.owner, room.nick).ok()) {
    return absl::DataLossError(Cat("room ", room_id, " is a private chat without its fields"));
  }
  return room;
}

absl::StatusOr<bool> RedisPmRooms::Remove(std::string_view room_id) {
  if (absl::Status s = ValidateRoomArg(room_id); !s.ok()) {
    return s;
  }
  const std::vector<std::string> keys = {RoomKey(room_id), ToldKey(room_id)};
  const std::vector<std::string> args = {std::string(room_id), keys_.prefix()};
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client_, RemoveScript(), keys, args);
  if (!reply.ok()) {
    return scripts::Context(reply.status(), Cat("remove private chat ", room_id));
  }
  absl::StatusOr<int64_t> removed = scripts::ToInt("remove private chat", *reply);
  if (!removed.ok()) {
    return removed.status();
  }
  return *removed == 1;
}

absl::StatusOr<std::optional<std::string>> RedisPmRooms::Rename(std::string_view network,
                                                                std::string_view owner,
                                                                std::string_view old_nick,
                                                                std::string_view new_nick) {
  if (absl::Status s = ValidatePmArgs(network, owner, old_nick); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidatePmArgs(network, owner, new_nick); !s.ok()) {
    return s;
  }
  const std::vector<std::string> keys = {PmKey(network, owner, old_nick),
                                         PmKey(network, owner, new_nick)};
  const std::vector<std::string> args = {keys_.prefix(), std::string(new_nick)};
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client_, RenameScript(), keys, args);
  if (!reply.ok()) {
    return scripts::Context(reply.status(), Cat("move private chat to ", new_nick));
  }
  absl::StatusOr<Outcome> outcome = ReadOutcome("move private chat", *reply);
  if (!outcome.ok()) {
    return outcome.status();
  }
  if (outcome->code < 0) {
    return absl::AlreadyExistsError(Cat("a private chat with ", new_nick, " exists already"));
  }
  if (outcome->code == 0) {
    return std::nullopt;
  }
  return std::optional<std::string>(std::move(outcome->room));
}

absl::StatusOr<bool> RedisPmRooms::MarkTold(std::string_view room_id, std::string_view sender) {
  if (absl::Status s = ValidateRoomArg(room_id); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateKeyPart("matrix user id", sender); !s.ok()) {
    return s;
  }
  const std::vector<std::string> members = {std::string(sender)};
  absl::StatusOr<int64_t> added = redis::SAdd(client_, ToldKey(room_id), members);
  if (!added.ok()) {
    return scripts::Context(added.status(), Cat("note sender told in ", room_id));
  }
  return *added == 1;
}

}  // namespace mxedge::irc_worker
