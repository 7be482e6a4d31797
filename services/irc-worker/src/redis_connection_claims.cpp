#include "redis_connection_claims.hpp"

#include <algorithm>
#include <utility>

#include "claim_rules.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/ownership/owner_id.hpp"
#include "mxedge/redis/commands.hpp"
#include "mxedge/redis/script.hpp"
#include "script_replies.hpp"

namespace mxedge::irc_worker {

using common::Cat;

namespace {

// The owner id of a "<worker_id>:<epoch>" value, nil for anything else.
constexpr std::string_view kOwnerOf = R"lua(
local function owner_of(value)
  return string.match(value, '^([^:]+):[1-9][0-9]*$')
end
)lua";

// KEYS[1] want set, KEYS[2] workers zset. ARGV[1] timeout ms, ARGV[2] conn key prefix
// ("<p>irc:conn:<network>:"). Returns {{mxid, owner value or '', live 0/1}, ...}.
const redis::Script& ListWantedScript() {
  static const redis::Script script(scripts::WithNow(Cat(kOwnerOf, R"lua(
local cutoff = now - tonumber(ARGV[1])
local liveness = {}
local out = {}
for _, mxid in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local value = redis.call('GET', ARGV[2] .. mxid) or ''
  local live = 0
  local owner = owner_of(value)
  if owner then
    if liveness[owner] == nil then
      local score = redis.call('ZSCORE', KEYS[2], owner)
      liveness[owner] = (score and tonumber(score) > cutoff) and 1 or 0
    end
    live = liveness[owner]
  end
  out[#out + 1] = {mxid, value, live}
end
return out
)lua")));
  return script;
}

// KEYS[1] conn, KEYS[2] workers zset, KEYS[3] our worker hash, KEYS[4] our owned set.
// ARGV[1] our id, ARGV[2] our epoch, ARGV[3] timeout ms, ARGV[4] mxid, ARGV[5] owned-set key
// prefix ("<p>irc:owned:<network>:"). Returns {-1} when we are not live with that epoch,
// {1, value} when claimed, {0, value} when a live worker holds it.
const redis::Script& ClaimScript() {
  static const redis::Script script(scripts::WithNow(Cat(kOwnerOf, R"lua(
local cutoff = now - tonumber(ARGV[3])
local function live(id)
  local score = redis.call('ZSCORE', KEYS[2], id)
  return score and tonumber(score) > cutoff
end
if not live(ARGV[1]) or redis.call('HGET', KEYS[3], 'epoch') ~= ARGV[2] then
  return {-1}
end
local me = ARGV[1] .. ':' .. ARGV[2]
local current = redis.call('GET', KEYS[1])
if current then
  local owner = owner_of(current)
  if owner and owner ~= ARGV[1] then
    if live(owner) then
      return {0, current}
    end
    redis.call('SREM', ARGV[5] .. owner, ARGV[4])
  end
end
redis.call('SET', KEYS[1], me)
redis.call('SADD', KEYS[4], ARGV[4])
return {1, me}
)lua")));
  return script;
}

// KEYS[1] conn, KEYS[2] our owned set. ARGV[1] our id, ARGV[2] mxid. Returns 1 when released.
const redis::Script& ReleaseScript() {
  static const redis::Script script(Cat(kOwnerOf, R"lua(
redis.call('SREM', KEYS[2], ARGV[2])
local current = redis.call('GET', KEYS[1])
if current and owner_of(current) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
)lua"));
  return script;
}

// KEYS[1] our owned set. ARGV[1] our id, ARGV[2] conn key prefix. Drops index entries whose record
// names someone else; returns {{mxid, value}, ...}.
const redis::Script& ListOwnedScript() {
  static const redis::Script script(Cat(kOwnerOf, R"lua(
local out = {}
for _, mxid in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local value = redis.call('GET', ARGV[2] .. mxid)
  if value and owner_of(value) == ARGV[1] then
    out[#out + 1] = {mxid, value}
  else
    redis.call('SREM', KEYS[1], mxid)
  end
end
return out
)lua"));
  return script;
}

// Parses an owner record; a value that is not a lease is reported once and treated as no owner.
std::optional<ownership::Lease> OwnerOf(std::string_view key, std::string_view value) {
  if (value.empty()) {
    return std::nullopt;
  }
  absl::StatusOr<ownership::Lease> lease = ownership::ParseLease(value);
  if (!lease.ok()) {
    common::LogWarn("irc owner record is not a lease", {{"key", std::string(key)}});
    return std::nullopt;
  }
  return *std::move(lease);
}

}  // namespace

RedisConnectionClaims::RedisConnectionClaims(redis::RedisClient& client, IrcKeys keys)
    : client_(client), keys_(std::move(keys)) {}

absl::Status RedisConnectionClaims::AddWanted(std::string_view network, std::string_view mxid) {
  if (absl::Status s = ValidateConnection(network, mxid); !s.ok()) {
    return s;
  }
  const std::string member(mxid);
  absl::StatusOr<int64_t> added = redis::SAdd(client_, keys_.Want(network), {&member, 1});
  if (!added.ok()) {
    return scripts::Context(added.status(), Cat("want irc connection ", RoutingKey(network, mxid)));
  }
  return absl::OkStatus();
}

absl::Status RedisConnectionClaims::RemoveWanted(std::string_view network, std::string_view mxid) {
  if (absl::Status s = ValidateConnection(network, mxid); !s.ok()) {
    return s;
  }
  const std::string member(mxid);
  absl::StatusOr<int64_t> removed = redis::SRem(client_, keys_.Want(network), {&member, 1});
  if (!removed.ok()) {
    return scripts::Context(removed.status(),
                            Cat("unwant irc connection ", RoutingKey(network, mxid)));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<WantedConnection>> RedisConnectionClaims::ListWanted(
    std::string_view network, std::chrono::milliseconds owner_timeout) {
  if (absl::Status s = ValidateNetwork(network); !s.ok()) {
    return s;
  }
  if (absl::Status s = scripts::ValidatePositive("owner_timeout", owner_timeout); !s.ok()) {
    return s;
  }
  const std::vector<std::string> keys = {keys_.Want(network), keys_.Workers()};
  const std::vector<std::string> args = {std::to_string(owner_timeout.count()),
                                         keys_.Conn(network, "")};
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client_, ListWantedScript(), keys, args);
  if (!reply.ok()) {
    return scripts::Context(reply.status(), Cat("list wanted irc connections of ", network));
  }
  absl::StatusOr<std::vector<redis::Reply>> rows = scripts::ToArray("wanted connections", *reply);
  if (!rows.ok()) {
    return rows.status();
  }
  std::vector<WantedConnection> wanted;
  wanted.reserve(rows->size());
  for (const redis::Reply& row : *rows) {
    absl::StatusOr<std::vector<redis::Reply>> cells = scripts::ToArray("wanted connection", row, 3);
    if (!cells.ok()) {
      return cells.status();
    }
    absl::StatusOr<std::string> mxid = scripts::ToString("wanted mxid", (*cells)[0]);
    absl::StatusOr<std::string> value = scripts::ToString("wanted owner", (*cells)[1]);
    absl::StatusOr<int64_t> live = scripts::ToInt("wanted owner liveness", (*cells)[2]);
    if (!mxid.ok() || !value.ok() || !live.ok()) {
      return absl::InternalError(Cat("unexpected wanted connection row ", row.DebugString()));
    }
    WantedConnection entry;
    entry.owner = OwnerOf(keys_.Conn(network, *mxid), *value);
    entry.owner_live = entry.owner.has_value() && *live == 1;
    entry.mxid = *std::move(mxid);
    wanted.push_back(std::move(entry));
  }
  std::sort(wanted.begin(), wanted.end(),
            [](const WantedConnection& a, const WantedConnection& b) { return a.mxid < b.mxid; });
  return wanted;
}

absl::StatusOr<ClaimResult> RedisConnectionClaims::TryClaim(
    const ownership::Lease& self, std::string_view network, std::string_view mxid,
    std::chrono::milliseconds owner_timeout) {
  if (absl::Status s = ValidateSelf(self); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateConnection(network, mxid); !s.ok()) {
    return s;
  }
  if (absl::Status s = scripts::ValidatePositive("owner_timeout", owner_timeout); !s.ok()) {
    return s;
  }
  const std::vector<std::string> keys = {keys_.Conn(network, mxid), keys_.Workers(),
                                         keys_.Worker(self.owner_id),
                                         keys_.Owned(network, self.owner_id)};
  const std::vector<std::string> args = {self.owner_id, std::to_string(self.epoch),
                                         std::to_string(owner_timeout.count()), std::string(mxid),
                                         keys_.Owned(network, "")};
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client_, ClaimScript(), keys, args);
  if (!reply.ok()) {
    return scripts::Context(reply.status(),
                            Cat("claim irc connection ", RoutingKey(network, mxid)));
  }
  const auto unexpected = [&] {
    return absl::InternalError(Cat("claim irc connection ", RoutingKey(network, mxid),
                                   ": unexpected reply ", reply->DebugString()));
  };
  if (!reply->IsArray() || reply->elements().empty() || !reply->elements()[0].IsInteger()) {
    return unexpected();
  }
  const int64_t flag = reply->elements()[0].integer();
  if (flag == -1) {
    return NotLiveClaimerError(self, network, mxid);
  }
  if (reply->elements().size() != 2 || !reply->elements()[1].IsString()) {
    return unexpected();
  }
  absl::StatusOr<ownership::Lease> holder = ownership::ParseLease(reply->elements()[1].str());
  if (!holder.ok()) {
    return absl::DataLossError(Cat("owner record of ", RoutingKey(network, mxid),
                                   " is not a lease: ", common::Std(holder.status().message())));
  }
  return ClaimResult{flag == 1, *std::move(holder)};
}

absl::StatusOr<bool> RedisConnectionClaims::Release(std::string_view worker_id,
                                                    std::string_view network,
                                                    std::string_view mxid) {
  if (absl::Status s = ownership::ValidateOwnerId(worker_id); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateConnection(network, mxid); !s.ok()) {
    return s;
  }
  const std::vector<std::string> keys = {keys_.Conn(network, mxid),
                                         keys_.Owned(network, worker_id)};
  const std::vector<std::string> args = {std::string(worker_id), std::string(mxid)};
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client_, ReleaseScript(), keys, args);
  if (!reply.ok()) {
    return scripts::Context(reply.status(),
                            Cat("release irc connection ", RoutingKey(network, mxid)));
  }
  absl::StatusOr<int64_t> released = scripts::ToInt("release irc connection", *reply);
  if (!released.ok()) {
    return released.status();
  }
  return *released == 1;
}

absl::StatusOr<std::vector<OwnedConnection>> RedisConnectionClaims::ListOwned(
    std::string_view worker_id, std::string_view network) {
  if (absl::Status s = ownership::ValidateOwnerId(worker_id); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateNetwork(network); !s.ok()) {
    return s;
  }
  const std::vector<std::string> keys = {keys_.Owned(network, worker_id)};
  const std::vector<std::string> args = {std::string(worker_id), keys_.Conn(network, "")};
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client_, ListOwnedScript(), keys, args);
  if (!reply.ok()) {
    return scripts::Context(reply.status(),
                            Cat("list irc connections of ", worker_id, " on ", network));
  }
  absl::StatusOr<std::vector<redis::Reply>> rows = scripts::ToArray("owned connections", *reply);
  if (!rows.ok()) {
    return rows.status();
  }
  std::vector<OwnedConnection> owned;
  owned.reserve(rows->size());
  for (const redis::Reply& row : *rows) {
    absl::StatusOr<std::vector<redis::Reply>> cells = scripts::ToArray("owned connection", row, 2);
    if (!cells.ok()) {
      return cells.status();
    }
    absl::StatusOr<std::string> mxid = scripts::ToString("owned mxid", (*cells)[0]);
    absl::StatusOr<std::string> value = scripts::ToString("owned record", (*cells)[1]);
    if (!mxid.ok() || !value.ok()) {
      return absl::InternalError(Cat("unexpected owned connection row ", row.DebugString()));
    }
    absl::StatusOr<ownership::Lease> lease = ownership::ParseLease(*value);
    if (!lease.ok()) {
      return absl::DataLossError(Cat("owner record of ", RoutingKey(network, *mxid),
                                     " is not a lease: ", common::Std(lease.status().message())));
    }
    owned.push_back(OwnedConnection{*std::move(mxid), lease->epoch});
  }
  std::sort(owned.begin(), owned.end(),
            [](const OwnedConnection& a, const OwnedConnection& b) { return a.mxid < b.mxid; });
  return owned;
}

absl::StatusOr<bool> RedisConnectionClaims::IsStillOwner(const ownership::Lease& self,
                                                         std::string_view network,
                                                         std::string_view mxid) {
  if (absl::Status s = ValidateSelf(self); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateConnection(network, mxid); !s.ok()) {
    return s;
  }
  absl::StatusOr<std::optional<std::string>> value = redis::Get(client_, keys_.Conn(network, mxid));
  if (!value.ok()) {
    return scripts::Context(value.status(),
                            Cat("check owner of irc connection ", RoutingKey(network, mxid)));
  }
  return value->has_value() && **value == self.ToString();
}

}  // namespace mxedge::irc_worker
