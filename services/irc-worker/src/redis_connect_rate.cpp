#include "redis_connect_rate.hpp"

#include <utility>

#include "absl/strings/str_format.h"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/redis/script.hpp"
#include "script_replies.hpp"

namespace mxedge::irc_worker {

using common::Cat;

namespace {

// KEYS[1] bucket hash. ARGV[1] tokens per second, ARGV[2] burst.
// Returns {1, 0} when a token was taken, {0, ms until the next token} otherwise.
const redis::Script& AcquireScript() {
  static const redis::Script script(scripts::WithNow(R"lua(
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(bucket[1])
local ts = tonumber(bucket[2])
if not tokens or not ts then
  tokens = burst
  ts = now
end
if now > ts then
  tokens = tokens + (now - ts) * rate / 1000
  ts = now
end
if tokens > burst then
  tokens = burst
end
local granted = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  granted = 1
else
  wait = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', ts)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
return {granted, wait}
)lua"));
  return script;
}

}  // namespace

RedisConnectRate::RedisConnectRate(redis::RedisClient& client, IrcKeys keys)
    : client_(client), keys_(std::move(keys)) {}

absl::StatusOr<ConnectPermit> RedisConnectRate::TryAcquire(std::string_view network,
                                                           const ConnectRateLimit& limit) {
  if (absl::Status s = ValidateNetwork(network); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateConnectRateLimit(limit); !s.ok()) {
    return s;
  }
  const std::vector<std::string> keys = {keys_.ConnectRate(network)};
  const std::vector<std::string> args = {absl::StrFormat("%.17g", limit.per_second),
                                         std::to_string(limit.burst)};
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client_, AcquireScript(), keys, args);
  if (!reply.ok()) {
    return scripts::Context(reply.status(), Cat("take a connect token for ", network));
  }
  absl::StatusOr<std::vector<redis::Reply>> cells = scripts::ToArray("connect token", *reply, 2);
  if (!cells.ok()) {
    return cells.status();
  }
  absl::StatusOr<int64_t> granted = scripts::ToInt("connect token granted", (*cells)[0]);
  absl::StatusOr<int64_t> wait = scripts::ToInt("connect token wait", (*cells)[1]);
  if (!granted.ok() || !wait.ok()) {
    return absl::InternalError(Cat("unexpected connect token reply ", reply->DebugString()));
  }
  return ConnectPermit{*granted == 1, std::chrono::milliseconds(*wait)};
}

}  // namespace mxedge::irc_worker
