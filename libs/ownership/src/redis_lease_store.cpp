#include "mxedge/ownership/redis_lease_store.hpp"

#include <string>
#include <vector>

#include "lease_rules.hpp"
#include "mxedge/redis/commands.hpp"
#include "mxedge/redis/script.hpp"
#include "script_outcome.hpp"

namespace mxedge::ownership {
namespace {

// KEYS[1] lease, KEYS[2] epoch counter. ARGV[1] owner id, ARGV[2] ttl in ms ("0" = none),
// ARGV[3] the expected current value ("" = the lease must be free).
const redis::Script& AcquireScript() {
  static const redis::Script script(R"lua(
local current = redis.call('GET', KEYS[1])
if ARGV[3] == '' then
  if current then return {0, current} end
elseif current ~= ARGV[3] then
  if current then return {0, current} end
  return {0}
end
local value = ARGV[1] .. ':' .. string.format('%d', redis.call('INCR', KEYS[2]))
if ARGV[2] == '0' then
  redis.call('SET', KEYS[1], value)
else
  redis.call('SET', KEYS[1], value, 'PX', ARGV[2])
end
return {1, value}
)lua");
  return script;
}

// KEYS[1] lease. ARGV[1] the caller's lease value, ARGV[2] ttl in ms ("0" = none).
const redis::Script& RenewScript() {
  static const redis::Script script(R"lua(
local current = redis.call('GET', KEYS[1])
if current ~= ARGV[1] then
  if current then return {0, current} end
  return {0}
end
if ARGV[2] == '0' then
  redis.call('PERSIST', KEYS[1])
else
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return {1}
)lua");
  return script;
}

// KEYS[1] lease. ARGV[1] the caller's lease value.
const redis::Script& ReleaseScript() {
  static const redis::Script script(R"lua(
local current = redis.call('GET', KEYS[1])
if current ~= ARGV[1] then
  if current then return {0, current} end
  return {0}
end
redis.call('DEL', KEYS[1])
return {1}
)lua");
  return script;
}

std::string TtlArg(std::chrono::milliseconds ttl) { return std::to_string(ttl.count()); }

}  // namespace

RedisLeaseStore::RedisLeaseStore(redis::RedisClient& client) : client_(client) {}

absl::StatusOr<AcquireResult> RedisLeaseStore::TryAcquire(const LeaseKeys& keys,
                                                          std::string_view owner_id,
                                                          std::chrono::milliseconds ttl) {
  if (absl::Status s = internal::ValidateAcquire(keys, owner_id, ttl); !s.ok()) {
    return s;
  }
  return Acquire("acquire lease", keys, owner_id, "", ttl);
}

absl::StatusOr<AcquireResult> RedisLeaseStore::TryTakeOver(const LeaseKeys& keys,
                                                           std::string_view owner_id,
                                                           const Lease& expected,
                                                           std::chrono::milliseconds ttl) {
  if (absl::Status s = internal::ValidateAcquire(keys, owner_id, ttl); !s.ok()) {
    return s;
  }
  if (absl::Status s = internal::ValidateLeaseArgument(expected, "expected"); !s.ok()) {
    return s;
  }
  return Acquire("take over lease", keys, owner_id, expected.ToString(), ttl);
}

absl::StatusOr<AcquireResult> RedisLeaseStore::Acquire(std::string_view operation,
                                                       const LeaseKeys& keys,
                                                       std::string_view owner_id,
                                                       std::string expected,
                                                       std::chrono::milliseconds ttl) {
  const std::vector<std::string> script_keys = {keys.lease, keys.epoch};
  const std::vector<std::string> args = {std::string(owner_id), TtlArg(ttl), std::move(expected)};
  absl::StatusOr<redis::Reply> reply =
      redis::EvalScript(client_, AcquireScript(), script_keys, args);
  if (!reply.ok()) {
    return internal::WithContext(reply.status(), operation, keys.lease);
  }
  absl::StatusOr<internal::ScriptOutcome> outcome =
      internal::ParseScriptOutcome("acquire lease", *reply);
  if (!outcome.ok()) {
    return internal::WithContext(outcome.status(), operation, keys.lease);
  }
  absl::StatusOr<std::optional<Lease>> holder =
      internal::ParseStoredLease(keys.lease, outcome->value);
  if (!holder.ok()) {
    return holder.status();
  }
  if (outcome->applied && !holder->has_value()) {
    return absl::InternalError("acquire lease script applied without returning the new lease");
  }
  return AcquireResult{outcome->applied, *std::move(holder)};
}

absl::Status RedisLeaseStore::Renew(std::string_view lease_key, const Lease& mine,
                                    std::chrono::milliseconds ttl) {
  if (absl::Status s = internal::ValidateKey(lease_key, "lease"); !s.ok()) {
    return s;
  }
  if (absl::Status s = internal::ValidateLeaseArgument(mine, "renewed"); !s.ok()) {
    return s;
  }
  if (absl::Status s = internal::ValidateTtl(ttl); !s.ok()) {
    return s;
  }
  const std::vector<std::string> keys = {std::string(lease_key)};
  const std::vector<std::string> args = {mine.ToString(), TtlArg(ttl)};
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client_, RenewScript(), keys, args);
  if (!reply.ok()) {
    return internal::WithContext(reply.status(), "renew lease", lease_key);
  }
  absl::StatusOr<internal::ScriptOutcome> outcome =
      internal::ParseScriptOutcome("renew lease", *reply);
  if (!outcome.ok()) {
    return internal::WithContext(outcome.status(), "renew lease", lease_key);
  }
  if (!outcome->applied) {
    return internal::LeaseLostError("renew", lease_key, mine, outcome->value);
  }
  return absl::OkStatus();
}

absl::Status RedisLeaseStore::Release(std::string_view lease_key, const Lease& mine) {
  if (absl::Status s = internal::ValidateKey(lease_key, "lease"); !s.ok()) {
    return s;
  }
  if (absl::Status s = internal::ValidateLeaseArgument(mine, "released"); !s.ok()) {
    return s;
  }
  const std::vector<std::string> keys = {std::string(lease_key)};
  const std::vector<std::string> args = {mine.ToString()};
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client_, ReleaseScript(), keys, args);
  if (!reply.ok()) {
    return internal::WithContext(reply.status(), "release lease", lease_key);
  }
  absl::StatusOr<internal::ScriptOutcome> outcome =
      internal::ParseScriptOutcome("release lease", *reply);
  if (!outcome.ok()) {
    return internal::WithContext(outcome.status(), "release lease", lease_key);
  }
  if (!outcome->applied) {
    return internal::LeaseLostError("release", lease_key, mine, outcome->value);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Lease>> RedisLeaseStore::GetHolder(std::string_view lease_key) {
  if (absl::Status s = internal::ValidateKey(lease_key, "lease"); !s.ok()) {
    return s;
  }
  absl::StatusOr<std::optional<std::string>> value = redis::Get(client_, lease_key);
  if (!value.ok()) {
    return internal::WithContext(value.status(), "get lease holder", lease_key);
  }
  return internal::ParseStoredLease(lease_key, *value);
}

}  // namespace mxedge::ownership
