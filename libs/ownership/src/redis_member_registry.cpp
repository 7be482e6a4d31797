#include "mxedge/ownership/redis_member_registry.hpp"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

#include "mxedge/ownership/owner_id.hpp"
#include "mxedge/redis/commands.hpp"
#include "mxedge/redis/script.hpp"
#include "registry_rules.hpp"
#include "script_outcome.hpp"

namespace mxedge::ownership {
namespace {

// KEYS[1] registry. ARGV[1] member id, ARGV[2] now in unix ms. Refreshes registered members only.
const redis::Script& HeartbeatScript() {
  static const redis::Script script(R"lua(
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
  return 1
end
return 0
)lua");
  return script;
}

// KEYS[1] registry. ARGV[1] the stale cutoff in unix ms: members at or before it are removed and
// returned as a flat [id, score, ...] array.
const redis::Script& EvictScript() {
  static const redis::Script script(R"lua(
local stale = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES')
for i = 1, #stale, 2 do
  redis.call('ZREM', KEYS[1], stale[i])
end
return stale
)lua");
  return script;
}

}  // namespace

RedisMemberRegistry::RedisMemberRegistry(redis::RedisClient& client, std::string set_key,
                                         const common::Clock& clock)
    : client_(client), set_key_(std::move(set_key)), clock_(clock) {}

absl::Status RedisMemberRegistry::Register(std::string_view member_id) {
  if (absl::Status s = ValidateOwnerId(member_id); !s.ok()) {
    return s;
  }
  absl::StatusOr<int64_t> added =
      redis::ZAdd(client_, set_key_, member_id, static_cast<double>(clock_.NowUnixMs()));
  if (!added.ok()) {
    return internal::WithContext(added.status(), "register member in", set_key_);
  }
  return absl::OkStatus();
}

absl::Status RedisMemberRegistry::Heartbeat(std::string_view member_id) {
  if (absl::Status s = ValidateOwnerId(member_id); !s.ok()) {
    return s;
  }
  const std::vector<std::string> keys = {set_key_};
  const std::vector<std::string> args = {std::string(member_id),
                                         std::to_string(clock_.NowUnixMs())};
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client_, HeartbeatScript(), keys, args);
  if (!reply.ok()) {
    return internal::WithContext(reply.status(), "heartbeat in", set_key_);
  }
  absl::StatusOr<int64_t> refreshed = reply->AsInteger();
  if (!refreshed.ok()) {
    return internal::WithContext(refreshed.status(), "heartbeat in", set_key_);
  }
  if (*refreshed == 0) {
    return internal::NotRegisteredError(set_key_, member_id);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Member>> RedisMemberRegistry::ListLive(
    std::chrono::milliseconds timeout) {
  if (absl::Status s = internal::ValidateTimeout(timeout); !s.ok()) {
    return s;
  }
  const int64_t cutoff = internal::StaleCutoffUnixMs(clock_.NowUnixMs(), timeout);
  absl::StatusOr<std::vector<redis::ScoredMember>> range = redis::ZRangeByScore(
      client_, set_key_, redis::ScoreBound::Exclusive(static_cast<double>(cutoff)),
      redis::ScoreBound::PosInf());
  if (!range.ok()) {
    return internal::WithContext(range.status(), "list live members of", set_key_);
  }
  std::vector<Member> live;
  live.reserve(range->size());
  for (const redis::ScoredMember& scored : *range) {
    absl::StatusOr<int64_t> heartbeat =
        internal::ScoreToUnixMs(set_key_, scored.member, scored.score);
    if (!heartbeat.ok()) {
      return heartbeat.status();
    }
    live.push_back(Member{scored.member, *heartbeat});
  }
  std::sort(live.begin(), live.end(), [](const Member& a, const Member& b) { return a.id < b.id; });
  return live;
}

absl::StatusOr<bool> RedisMemberRegistry::IsLive(std::string_view member_id,
                                                 std::chrono::milliseconds timeout) {
  if (absl::Status s = ValidateOwnerId(member_id); !s.ok()) {
    return s;
  }
  if (absl::Status s = internal::ValidateTimeout(timeout); !s.ok()) {
    return s;
  }
  const int64_t cutoff = internal::StaleCutoffUnixMs(clock_.NowUnixMs(), timeout);
  absl::StatusOr<std::optional<double>> score = redis::ZScore(client_, set_key_, member_id);
  if (!score.ok()) {
    return internal::WithContext(score.status(), "check member liveness in", set_key_);
  }
  if (!score->has_value()) {
    return false;
  }
  absl::StatusOr<int64_t> heartbeat = internal::ScoreToUnixMs(set_key_, member_id, **score);
  if (!heartbeat.ok()) {
    return heartbeat.status();
  }
  return *heartbeat > cutoff;
}

absl::StatusOr<std::vector<Member>> RedisMemberRegistry::EvictStale(
    std::chrono::milliseconds timeout) {
  if (absl::Status s = internal::ValidateTimeout(timeout); !s.ok()) {
    return s;
  }
  const int64_t cutoff = internal::StaleCutoffUnixMs(clock_.NowUnixMs(), timeout);
  const std::vector<std::string> keys = {set_key_};
  const std::vector<std::string> args = {std::to_string(cutoff)};
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client_, EvictScript(), keys, args);
  if (!reply.ok()) {
    return internal::WithContext(reply.status(), "evict stale members of", set_key_);
  }
  absl::StatusOr<std::vector<redis::Reply>> flat = reply->AsArray();
  if (!flat.ok() || flat->size() % 2 != 0) {
    return absl::InternalError(absl::StrCat("evict stale members of ", set_key_,
                                            ": unexpected reply ", reply->DebugString()));
  }
  std::vector<Member> evicted;
  evicted.reserve(flat->size() / 2);
  for (size_t i = 0; i < flat->size(); i += 2) {
    absl::StatusOr<std::string> id = (*flat)[i].AsString();
    absl::StatusOr<double> score = (*flat)[i + 1].AsDouble();
    if (!id.ok() || !score.ok()) {
      return absl::InternalError(absl::StrCat("evict stale members of ", set_key_,
                                              ": unexpected reply ", reply->DebugString()));
    }
    // Eviction also clears a member whose score is not a unix time: it is reported with 0.
    absl::StatusOr<int64_t> heartbeat = internal::ScoreToUnixMs(set_key_, *id, *score);
    evicted.push_back(Member{*std::move(id), heartbeat.ok() ? *heartbeat : 0});
  }
  std::sort(evicted.begin(), evicted.end(),
            [](const Member& a, const Member& b) { return a.id < b.id; });
  return evicted;
}

absl::Status RedisMemberRegistry::Remove(std::string_view member_id) {
  if (absl::Status s = ValidateOwnerId(member_id); !s.ok()) {
    return s;
  }
  const std::vector<std::string> members = {std::string(member_id)};
  absl::StatusOr<int64_t> removed = redis::ZRem(client_, set_key_, members);
  if (!removed.ok()) {
    return internal::WithContext(removed.status(), "remove member from", set_key_);
  }
  return absl::OkStatus();
}

}  // namespace mxedge::ownership
