#include "redis_intake_store.hpp"

#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "mxedge/common/check.hpp"
#include "mxedge/redis/commands.hpp"
#include "mxedge/redis/stream_commands.hpp"

namespace mxedge::appservice_router {
namespace {

// KEYS[1] = marker, KEYS[2..] = shard streams.
// ARGV[1] fingerprint, ARGV[2] marker TTL ms, ARGV[3] txn id, ARGV[4] received ms,
// ARGV[5] entry count, then per entry: key index, event JSON, kind, sinks.
constexpr char kStoreScript[] = R"lua(
local previous = redis.call('GET', KEYS[1])
if previous == ARGV[1] then
  return 'duplicate'
end
local count = tonumber(ARGV[5])
local at = 6
for _ = 1, count do
  local key = KEYS[tonumber(ARGV[at])]
  if ARGV[at + 3] == '' then
    redis.call('XADD', key, '*', 'event', ARGV[at + 1], 'kind', ARGV[at + 2],
               'txn', ARGV[3], 'received_ms', ARGV[4])
  else
    redis.call('XADD', key, '*', 'event', ARGV[at + 1], 'kind', ARGV[at + 2],
               'txn', ARGV[3], 'received_ms', ARGV[4], 'sinks', ARGV[at + 3])
  end
  at = at + 4
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
if previous then
  return 'replaced'
end
return 'stored'
)lua";

}  // namespace

RedisIntakeStore::RedisIntakeStore(RedisIntakeStoreOptions options, redis::RedisClient& client)
    : options_(std::move(options)), client_(client), script_(kStoreScript) {
  MXEDGE_CHECK(options_.shards > 0);
}

absl::Status RedisIntakeStore::Prepare() {
  if (absl::Status s = redis::CheckNoEviction(client_); !s.ok()) {
    return s;
  }
  for (int shard = 0; shard < options_.shards; ++shard) {
    absl::Status s =
        redis::XGroupCreate(client_, ShardStreamKey(options_.key_prefix, shard), kIntakeGroup, "0");
    if (!s.ok()) {
      return absl::Status(
          s.code(), absl::StrCat("creating intake group on shard ", shard, ": ", s.message()));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<IntakeOutcome> RedisIntakeStore::Store(const IntakeBatch& batch) {
  std::vector<std::string> keys = {TxnMarkerKey(options_.key_prefix, batch.txn_id)};
  std::map<int, size_t> key_index;  // shard → position in KEYS (1-based)
  std::vector<std::string> args = {batch.fingerprint, absl::StrCat(options_.marker_ttl.count()),
                                   batch.txn_id, absl::StrCat(batch.received_ms),
                                   absl::StrCat(batch.entries.size())};
  args.reserve(5 + 4 * batch.entries.size());
  for (const IntakeEntry& entry : batch.entries) {
    int shard = ShardFor(entry.routing_key, options_.shards);
    auto [it, inserted] = key_index.emplace(shard, keys.size() + 1);
    if (inserted) {
      keys.push_back(ShardStreamKey(options_.key_prefix, shard));
    }
    args.push_back(absl::StrCat(it->second));
    args.push_back(entry.json);
    args.emplace_back(entry.ephemeral ? kKindEphemeral : kKindRoom);
    args.push_back(entry.sinks);
  }
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client_, script_, keys, args);
  if (!reply.ok()) {
    return absl::Status(reply.status().code(), absl::StrCat("storing transaction ", batch.txn_id,
                                                            ": ", reply.status().message()));
  }
  absl::StatusOr<std::string> text = reply->AsString();
  if (!text.ok()) {
    return text.status();
  }
  if (*text == "stored") {
    return IntakeOutcome::kStored;
  }
  if (*text == "duplicate") {
    return IntakeOutcome::kDuplicate;
  }
  if (*text == "replaced") {
    return IntakeOutcome::kReplaced;
  }
  return absl::InternalError(absl::StrCat("intake script answered '", *text, "'"));
}

}  // namespace mxedge::appservice_router
