#include "redis_line_records.hpp"

#include <algorithm>
#include <utility>

#include "mxedge/common/str_cat.hpp"
#include "mxedge/ownership/idempotency_record.hpp"
#include "mxedge/redis/script.hpp"
#include "script_replies.hpp"

namespace mxedge::irc_worker {

using common::Cat;

namespace {

// KEYS[1] line record, KEYS[2] the worker's pending index. ARGV[1] worker, ARGV[2] payload,
// ARGV[3] ttl ms, ARGV[4] line key. {1} started, {0, existing record} otherwise.
const redis::Script& BeginScript() {
  static const redis::Script script(R"lua(
local current = redis.call('GET', KEYS[1])
if current then
  return {0, current}
end
redis.call('SET', KEYS[1], 'pending:' .. ARGV[1], 'PX', ARGV[3])
redis.call('HSET', KEYS[2], ARGV[4], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return {1}
)lua");
  return script;
}

// KEYS[1] line record, KEYS[2] the worker's pending index. ARGV[1] ttl ms, ARGV[2] line key.
const redis::Script& DoneScript() {
  static const redis::Script script(R"lua(
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('SET', KEYS[1], 'done', 'KEEPTTL')
else
  redis.call('SET', KEYS[1], 'done', 'PX', ARGV[1])
end
redis.call('HDEL', KEYS[2], ARGV[2])
return 1
)lua");
  return script;
}

// KEYS[1] the worker's pending index. ARGV[1] worker, ARGV[2] line record key prefix.
// Returns {{key, payload}, ...} for lines still pending for the worker; drops the others.
const redis::Script& ListPendingScript() {
  static const redis::Script script(R"lua(
local entries = redis.call('HGETALL', KEYS[1])
local out = {}
for i = 1, #entries, 2 do
  if redis.call('GET', ARGV[2] .. entries[i]) == 'pending:' .. ARGV[1] then
    out[#out + 1] = {entries[i], entries[i + 1]}
  else
    redis.call('HDEL', KEYS[1], entries[i])
  end
end
return out
)lua");
  return script;
}

// KEYS[1] line record, KEYS[2] from's pending index, KEYS[3] to's pending index.
// ARGV[1] from, ARGV[2] to, ARGV[3] line key, ARGV[4] ttl ms. Returns 1 when moved.
const redis::Script& TakeOverScript() {
  static const redis::Script script(R"lua(
if redis.call('GET', KEYS[1]) ~= 'pending:' .. ARGV[1] then
  return 0
end
redis.call('SET', KEYS[1], 'pending:' .. ARGV[2], 'KEEPTTL')
local payload = redis.call('HGET', KEYS[2], ARGV[3]) or ''
redis.call('HDEL', KEYS[2], ARGV[3])
redis.call('HSET', KEYS[3], ARGV[3], payload)
redis.call('PEXPIRE', KEYS[3], ARGV[4])
return 1
)lua");
  return script;
}

}  // namespace

RedisLineRecords::RedisLineRecords(redis::RedisClient& client, IrcKeys keys,
                                   std::chrono::milliseconds ttl)
    : client_(client), keys_(std::move(keys)), ttl_(ttl) {}

absl::StatusOr<LineBegin> RedisLineRecords::TryBegin(std::string_view network, std::string_view key,
                                                     std::string_view worker_id,
                                                     std::string_view payload) {
  if (absl::Status s = ValidateLineArgs(network, key, worker_id); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateLinePayload(payload); !s.ok()) {
    return s;
  }
  const std::vector<std::string> keys = {keys_.Line(network, key),
                                         keys_.LinePending(network, worker_id)};
  const std::vector<std::string> args = {std::string(worker_id), std::string(payload),
                                         std::to_string(ttl_.count()), std::string(key)};
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client_, BeginScript(), keys, args);
  if (!reply.ok()) {
    return scripts::Context(reply.status(), Cat("begin irc line ", keys[0]));
  }
  if (!reply->IsArray() || reply->elements().empty() || !reply->elements()[0].IsInteger()) {
    return absl::InternalError(Cat("begin irc line: unexpected reply ", reply->DebugString()));
  }
  if (reply->elements()[0].integer() == 1) {
    return LineBegin{LineBegin::Outcome::kStarted, ""};
  }
  if (reply->elements().size() != 2 || !reply->elements()[1].IsString()) {
    return absl::InternalError(Cat("begin irc line: unexpected reply ", reply->DebugString()));
  }
  absl::StatusOr<ownership::IdempotencyRecord> record =
      ownership::ParseIdempotencyRecord(reply->elements()[1].str());
  if (!record.ok()) {
    return absl::DataLossError(
        Cat("irc line record ", keys[0], ": ", common::Std(record.status().message())));
  }
  if (record->done()) {
    return LineBegin{LineBegin::Outcome::kDone, ""};
  }
  return LineBegin{LineBegin::Outcome::kPending, record->holder};
}

absl::Status RedisLineRecords::MarkDone(std::string_view network, std::string_view key,
                                        std::string_view worker_id) {
  if (absl::Status s = ValidateLineArgs(network, key, worker_id); !s.ok()) {
    return s;
  }
  const std::vector<std::string> keys = {keys_.Line(network, key),
                                         keys_.LinePending(network, worker_id)};
  const std::vector<std::string> args = {std::to_string(ttl_.count()), std::string(key)};
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client_, DoneScript(), keys, args);
  if (!reply.ok()) {
    return scripts::Context(reply.status(), Cat("mark irc line done ", keys[0]));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<PendingLine>> RedisLineRecords::ListPending(std::string_view network,
                                                                       std::string_view worker_id) {
  if (absl::Status s = ValidatePendingListArgs(network, worker_id); !s.ok()) {
    return s;
  }
  const std::vector<std::string> keys = {keys_.LinePending(network, worker_id)};
  const std::vector<std::string> args = {std::string(worker_id), keys_.Line(network, "")};
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client_, ListPendingScript(), keys, args);
  if (!reply.ok()) {
    return scripts::Context(reply.status(), Cat("list pending irc lines of ", worker_id));
  }
  absl::StatusOr<std::vector<redis::Reply>> rows = scripts::ToArray("pending irc lines", *reply);
  if (!rows.ok()) {
    return rows.status();
  }
  std::vector<PendingLine> pending;
  for (const redis::Reply& row : *rows) {
    absl::StatusOr<std::vector<redis::Reply>> cells = scripts::ToArray("pending irc line", row, 2);
    if (!cells.ok()) {
      return cells.status();
    }
    absl::StatusOr<std::string> line_key = scripts::ToString("pending line key", (*cells)[0]);
    absl::StatusOr<std::string> payload = scripts::ToString("pending line payload", (*cells)[1]);
    if (!line_key.ok() || !payload.ok()) {
      return absl::InternalError(Cat("unexpected pending irc line ", row.DebugString()));
    }
    pending.push_back(PendingLine{*std::move(line_key), *std::move(payload)});
  }
  std::sort(pending.begin(), pending.end(),
            [](const PendingLine& a, const PendingLine& b) { return a.key < b.key; });
  return pending;
}

absl::StatusOr<bool> RedisLineRecords::TakeOver(std::string_view network, std::string_view key,
                                                std::string_view from_worker,
                                                std::string_view to_worker) {
  if (absl::Status s = ValidateLineArgs(network, key, from_worker); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateLineArgs(network, key, to_worker); !s.ok()) {
    return s;
  }
  const std::vector<std::string> keys = {keys_.Line(network, key),
                                         keys_.LinePending(network, from_worker),
                                         keys_.LinePending(network, to_worker)};
  const std::vector<std::string> args = {std::string(from_worker), std::string(to_worker),
                                         std::string(key), std::to_string(ttl_.count())};
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client_, TakeOverScript(), keys, args);
  if (!reply.ok()) {
    return scripts::Context(reply.status(), Cat("take over irc line ", keys[0]));
  }
  absl::StatusOr<int64_t> moved = scripts::ToInt("take over irc line", *reply);
  if (!moved.ok()) {
    return moved.status();
  }
  return *moved == 1;
}

}  // namespace mxedge::irc_worker
