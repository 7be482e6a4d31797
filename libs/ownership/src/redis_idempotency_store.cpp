#include "mxedge/ownership/redis_idempotency_store.hpp"

#include <string>
#include <vector>

#include "idempotency_rules.hpp"
#include "lease_rules.hpp"
#include "mxedge/ownership/owner_id.hpp"
#include "mxedge/redis/commands.hpp"
#include "mxedge/redis/script.hpp"
#include "script_outcome.hpp"

namespace mxedge::ownership {
namespace {

constexpr std::string_view kWhat = "idempotency";

// KEYS[1] record. ARGV[1] the pending value, ARGV[2] ttl in ms ("0" = none). Returns nil when the
// pending record was written, else the existing value.
const redis::Script& BeginScript() {
  static const redis::Script script(R"lua(
local current = redis.call('GET', KEYS[1])
if current then return current end
if ARGV[2] == '0' then
  redis.call('SET', KEYS[1], ARGV[1])
else
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
return false
)lua");
  return script;
}

// KEYS[1] record. ARGV[1] the caller's pending value. Returns nil when that record was deleted or
// no record exists, else the value that was kept.
const redis::Script& AbandonScript() {
  static const redis::Script script(R"lua(
local current = redis.call('GET', KEYS[1])
if current == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return false
end
return current
)lua");
  return script;
}

}  // namespace

RedisIdempotencyStore::RedisIdempotencyStore(redis::RedisClient& client) : client_(client) {}

absl::StatusOr<BeginResult> RedisIdempotencyStore::TryBegin(std::string_view key,
                                                            std::string_view holder,
                                                            std::chrono::milliseconds ttl) {
  if (absl::Status s = internal::ValidateKey(key, kWhat); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateOwnerId(holder); !s.ok()) {
    return s;
  }
  if (absl::Status s = internal::ValidateTtl(ttl); !s.ok()) {
    return s;
  }
  const std::vector<std::string> keys = {std::string(key)};
  const std::vector<std::string> args = {IdempotencyRecord::Pending(std::string(holder)).ToString(),
                                         std::to_string(ttl.count())};
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client_, BeginScript(), keys, args);
  if (!reply.ok()) {
    return internal::WithContext(reply.status(), "begin", key);
  }
  absl::StatusOr<std::optional<std::string>> existing = reply->AsOptionalString();
  if (!existing.ok()) {
    return internal::WithContext(existing.status(), "begin", key);
  }
  if (!existing->has_value()) {
    return BeginResult{BeginResult::Outcome::kStarted, {}};
  }
  absl::StatusOr<std::optional<IdempotencyRecord>> record =
      internal::ParseStoredRecord(key, *existing);
  if (!record.ok()) {
    return record.status();
  }
  return internal::BeginResultFor(**record);
}

absl::Status RedisIdempotencyStore::MarkDone(std::string_view key, std::chrono::milliseconds ttl) {
  if (absl::Status s = internal::ValidateKey(key, kWhat); !s.ok()) {
    return s;
  }
  if (absl::Status s = internal::ValidateTtl(ttl); !s.ok()) {
    return s;
  }
  redis::SetOptions options;
  if (ttl.count() > 0) {
    options.ttl = ttl;
  }
  absl::StatusOr<bool> set =
      redis::Set(client_, key, IdempotencyRecord::Done().ToString(), options);
  if (!set.ok()) {
    return internal::WithContext(set.status(), "mark done", key);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<IdempotencyRecord>> RedisIdempotencyStore::Get(std::string_view key) {
  if (absl::Status s = internal::ValidateKey(key, kWhat); !s.ok()) {
    return s;
  }
  absl::StatusOr<std::optional<std::string>> value = redis::Get(client_, key);
  if (!value.ok()) {
    return internal::WithContext(value.status(), "get idempotency record", key);
  }
  return internal::ParseStoredRecord(key, *value);
}

absl::Status RedisIdempotencyStore::Abandon(std::string_view key, std::string_view holder) {
  if (absl::Status s = internal::ValidateKey(key, kWhat); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateOwnerId(holder); !s.ok()) {
    return s;
  }
  const std::vector<std::string> keys = {std::string(key)};
  const std::vector<std::string> args = {
      IdempotencyRecord::Pending(std::string(holder)).ToString()};
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client_, AbandonScript(), keys, args);
  if (!reply.ok()) {
    return internal::WithContext(reply.status(), "abandon", key);
  }
  absl::StatusOr<std::optional<std::string>> kept = reply->AsOptionalString();
  if (!kept.ok()) {
    return internal::WithContext(kept.status(), "abandon", key);
  }
  if (!kept->has_value()) {
    return absl::OkStatus();
  }
  absl::StatusOr<std::optional<IdempotencyRecord>> record = internal::ParseStoredRecord(key, *kept);
  if (!record.ok()) {
    return record.status();
  }
  return internal::AbandonRefusedError(key, holder, **record);
}

}  // namespace mxedge::ownership
