#include "redis_worker_registry.hpp"

#include <algorithm>
#include <utility>

#include "mxedge/common/str_cat.hpp"
#include "mxedge/ownership/owner_id.hpp"
#include "mxedge/redis/script.hpp"
#include "script_replies.hpp"
#include "worker_rules.hpp"

namespace mxedge::irc_worker {

using common::Cat;

namespace {

// KEYS[1] workers zset, KEYS[2] worker hash, KEYS[3] epoch counter.
// ARGV[1] id, ARGV[2] grpc address, ARGV[3] capacity. Returns the new epoch.
const redis::Script& RegisterScript() {
  static const redis::Script script(scripts::WithNow(R"lua(
local epoch = redis.call('INCR', KEYS[3])
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[2], 'grpc_address', ARGV[2], 'epoch', epoch, 'capacity', ARGV[3],
           'connections', 0, 'draining', 0)
redis.call('ZADD', KEYS[1], now, ARGV[1])
return epoch
)lua"));
  return script;
}

// The fence every per-worker write shares: {0} not registered, {2, epoch} registered with another.
constexpr std::string_view kFence = R"lua(
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  return {0}
end
local epoch = redis.call('HGET', KEYS[2], 'epoch')
if epoch ~= ARGV[2] then
  return {2, epoch or ''}
end
)lua";

// KEYS[1] workers zset, KEYS[2] worker hash. ARGV[1] id, ARGV[2] epoch, ARGV[3] connections.
const redis::Script& HeartbeatScript() {
  static const redis::Script script(scripts::WithNow(Cat(kFence, R"lua(
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('HSET', KEYS[2], 'connections', ARGV[3])
return {1}
)lua")));
  return script;
}

// KEYS[1] workers zset, KEYS[2] worker hash. ARGV[1] id, ARGV[2] epoch, ARGV[3] unused.
const redis::Script& DrainingScript() {
  static const redis::Script script(Cat(kFence, R"lua(
redis.call('HSET', KEYS[2], 'draining', 1)
return {1}
)lua"));
  return script;
}

// KEYS[1] workers zset, KEYS[2] worker hash. ARGV[1] id, ARGV[2] epoch, ARGV[3] unused.
// A worker that is not registered is already gone: {1}.
const redis::Script& DeregisterScript() {
  static const redis::Script script(R"lua(
local epoch = redis.call('HGET', KEYS[2], 'epoch')
if epoch and epoch ~= ARGV[2] then
  return {2, epoch}
end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
return {1}
)lua");
  return script;
}

// KEYS[1] workers zset. ARGV[1] live timeout ms, ARGV[2] worker hash key prefix.
// Returns {{id, heartbeat, grpc_address, epoch, capacity, connections, draining}, ...}.
const redis::Script& LiveScript() {
  static const redis::Script script(scripts::WithNow(R"lua(
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. (now - tonumber(ARGV[1])), '+inf',
                       'WITHSCORES')
local out = {}
for i = 1, #ids, 2 do
  local h = redis.call('HMGET', ARGV[2] .. ids[i], 'grpc_address', 'epoch', 'capacity',
                       'connections', 'draining')
  out[#out + 1] = {ids[i], ids[i + 1], h[1] or '', h[2] or '0', h[3] or '0', h[4] or '0',
                   h[5] or '0'}
end
return out
)lua"));
  return script;
}

// KEYS[1] workers zset. ARGV[1] age ms, ARGV[2] worker hash key prefix. Returns the evicted ids.
const redis::Script& EvictScript() {
  static const redis::Script script(scripts::WithNow(R"lua(
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]))
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[1], id)
  redis.call('DEL', ARGV[2] .. id)
end
return ids
)lua"));
  return script;
}

absl::StatusOr<WorkerInfo> ParseWorker(const redis::Reply& reply) {
  absl::StatusOr<std::vector<redis::Reply>> fields = scripts::ToArray("live worker", reply, 7);
  if (!fields.ok()) {
    return fields.status();
  }
  WorkerInfo info;
  absl::StatusOr<std::string> id = scripts::ToString("worker id", (*fields)[0]);
  absl::StatusOr<int64_t> heartbeat = scripts::ToInt("worker heartbeat", (*fields)[1]);
  absl::StatusOr<std::string> address = scripts::ToString("worker grpc_address", (*fields)[2]);
  absl::StatusOr<int64_t> epoch = scripts::ToInt("worker epoch", (*fields)[3]);
  absl::StatusOr<int64_t> capacity = scripts::ToInt("worker capacity", (*fields)[4]);
  absl::StatusOr<int64_t> connections = scripts::ToInt("worker connections", (*fields)[5]);
  absl::StatusOr<int64_t> draining = scripts::ToInt("worker draining", (*fields)[6]);
  for (const absl::Status& s : {id.status(), heartbeat.status(), address.status(), epoch.status(),
                                capacity.status(), connections.status(), draining.status()}) {
    if (!s.ok()) {
      return absl::DataLossError(Cat("irc worker record: ", common::Std(s.message())));
    }
  }
  info.id = *std::move(id);
  info.heartbeat_unix_ms = *heartbeat;
  info.grpc_address = *std::move(address);
  info.epoch = *epoch;
  info.capacity = *capacity;
  info.connections = *connections;
  info.draining = *draining != 0;
  return info;
}

}  // namespace

RedisWorkerRegistry::RedisWorkerRegistry(redis::RedisClient& client, IrcKeys keys)
    : client_(client), keys_(std::move(keys)) {}

absl::StatusOr<int64_t> RedisWorkerRegistry::Register(const WorkerAdvert& advert) {
  if (absl::Status s = ValidateAdvert(advert); !s.ok()) {
    return s;
  }
  const std::vector<std::string> keys = {keys_.Workers(), keys_.Worker(advert.id),
                                         keys_.WorkerEpoch()};
  const std::vector<std::string> args = {advert.id, advert.grpc_address,
                                         std::to_string(advert.capacity)};
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client_, RegisterScript(), keys, args);
  if (!reply.ok()) {
    return scripts::Context(reply.status(), Cat("register irc worker ", advert.id));
  }
  return scripts::ToInt("register irc worker", *reply);
}

absl::Status RedisWorkerRegistry::RunFenced(std::string_view operation, const redis::Script& script,
                                            std::string_view worker_id, int64_t epoch,
                                            std::string extra_arg) {
  if (absl::Status s = ownership::ValidateOwnerId(worker_id); !s.ok()) {
    return s;
  }
  const std::vector<std::string> keys = {keys_.Workers(), keys_.Worker(worker_id)};
  const std::vector<std::string> args = {std::string(worker_id), std::to_string(epoch),
                                         std::move(extra_arg)};
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client_, script, keys, args);
  if (!reply.ok()) {
    return scripts::Context(reply.status(), Cat(operation, " of irc worker ", worker_id));
  }
  if (!reply->IsArray() || reply->elements().empty() || !reply->elements()[0].IsInteger()) {
    return absl::InternalError(
        Cat(operation, " of irc worker ", worker_id, ": unexpected reply ", reply->DebugString()));
  }
  switch (reply->elements()[0].integer()) {
    case 1:
      return absl::OkStatus();
    case 0:
      return NotRegisteredError(worker_id);
    default:
      return OtherEpochError(worker_id, epoch,
                             reply->elements().size() > 1 ? reply->elements()[1].str() : "");
  }
}

absl::Status RedisWorkerRegistry::Heartbeat(std::string_view worker_id, int64_t epoch,
                                            int64_t connections) {
  if (connections < 0) {
    return absl::InvalidArgumentError(
        Cat("connection count must not be negative, got ", connections));
  }
  return RunFenced("heartbeat", HeartbeatScript(), worker_id, epoch, std::to_string(connections));
}

absl::StatusOr<std::vector<WorkerInfo>> RedisWorkerRegistry::LiveWorkers(
    std::chrono::milliseconds owner_timeout) {
  if (absl::Status s = scripts::ValidatePositive("owner_timeout", owner_timeout); !s.ok()) {
    return s;
  }
  const std::vector<std::string> keys = {keys_.Workers()};
  const std::vector<std::string> args = {std::to_string(owner_timeout.count()), keys_.Worker("")};
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client_, LiveScript(), keys, args);
  if (!reply.ok()) {
    return scripts::Context(reply.status(), "list live irc workers");
  }
  absl::StatusOr<std::vector<redis::Reply>> rows = scripts::ToArray("live irc workers", *reply);
  if (!rows.ok()) {
    return rows.status();
  }
  std::vector<WorkerInfo> live;
  live.reserve(rows->size());
  for (const redis::Reply& row : *rows) {
    absl::StatusOr<WorkerInfo> info = ParseWorker(row);
    if (!info.ok()) {
      return info.status();
    }
    live.push_back(*std::move(info));
  }
  SortById(live);
  return live;
}

absl::Status RedisWorkerRegistry::SetDraining(std::string_view worker_id, int64_t epoch) {
  return RunFenced("mark draining", DrainingScript(), worker_id, epoch, "");
}

absl::Status RedisWorkerRegistry::Deregister(std::string_view worker_id, int64_t epoch) {
  return RunFenced("deregister", DeregisterScript(), worker_id, epoch, "");
}

absl::StatusOr<std::vector<std::string>> RedisWorkerRegistry::EvictStale(
    std::chrono::milliseconds age) {
  if (absl::Status s = scripts::ValidatePositive("eviction age", age); !s.ok()) {
    return s;
  }
  const std::vector<std::string> keys = {keys_.Workers()};
  const std::vector<std::string> args = {std::to_string(age.count()), keys_.Worker("")};
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client_, EvictScript(), keys, args);
  if (!reply.ok()) {
    return scripts::Context(reply.status(), "evict stale irc workers");
  }
  absl::StatusOr<std::vector<redis::Reply>> rows = scripts::ToArray("evicted irc workers", *reply);
  if (!rows.ok()) {
    return rows.status();
  }
  std::vector<std::string> ids;
  for (const redis::Reply& row : *rows) {
    absl::StatusOr<std::string> id = scripts::ToString("evicted irc worker", row);
    if (!id.ok()) {
      return id.status();
    }
    ids.push_back(*std::move(id));
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace mxedge::irc_worker
