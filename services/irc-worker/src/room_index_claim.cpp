#include "room_index_claim.hpp"

#include "mxedge/common/str_cat.hpp"
#include "mxedge/redis/script.hpp"
#include "script_replies.hpp"

namespace mxedge::irc_worker {
namespace {

// KEYS[1] index, KEYS[2] room hash. ARGV[1] room id, then field/value pairs for the hash.
// Returns {1, room} when recorded, {0, room} when the index already had a room, {-1, ""} when the
// room hash exists for something else.
const redis::Script& ClaimScript() {
  static const redis::Script script(R"lua(
local existing = redis.call('GET', KEYS[1])
if existing then
  return {0, existing}
end
if redis.call('EXISTS', KEYS[2]) == 1 then
  return {-1, ''}
end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], unpack(ARGV, 2))
return {1, ARGV[1]}
)lua");
  return script;
}

}  // namespace

absl::StatusOr<std::string> ClaimRoomIndex(
    redis::RedisClient& client, const std::string& index_key, const std::string& room_key,
    std::string_view room_id, const std::vector<std::pair<std::string, std::string>>& fields,
    std::string_view operation) {
  const std::vector<std::string> keys = {index_key, room_key};
  std::vector<std::string> args = {std::string(room_id)};
  for (const auto& field : fields) {
    args.push_back(field.first);
    args.push_back(field.second);
  }
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client, ClaimScript(), keys, args);
  if (!reply.ok()) {
    return scripts::Context(reply.status(), operation);
  }
  absl::StatusOr<std::vector<redis::Reply>> parts = scripts::ToArray(operation, *reply, 2);
  if (!parts.ok()) {
    return parts.status();
  }
  absl::StatusOr<int64_t> outcome = scripts::ToInt(operation, (*parts)[0]);
  if (!outcome.ok()) {
    return outcome.status();
  }
  if (*outcome < 0) {
    return absl::AlreadyExistsError(common::Cat("room ", room_id, " is already bridged"));
  }
  return scripts::ToString(operation, (*parts)[1]);
}

}  // namespace mxedge::irc_worker
