#include "mxedge/redis/commands.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include "cat.hpp"
#include "run.hpp"

namespace mxedge::redis {
namespace internal {

absl::StatusOr<Reply> Run(RedisClient& client, const std::vector<std::string>& args,
                          CallOptions options) {
  absl::StatusOr<Reply> reply = client.Execute(args, options);
  if (!reply.ok()) return reply.status();
  if (reply->IsError()) return ServerErrorFromReply(args.empty() ? "" : args[0], reply->str());
  return reply;
}

absl::Status Unexpected(std::string_view command, const Reply& reply) {
  return absl::InternalError(Cat("redis ", command, ": unexpected reply ", reply.DebugString()));
}

}  // namespace internal

namespace {

using internal::Cat;
using internal::Run;
using internal::Unexpected;

std::vector<std::string> Args(std::initializer_list<std::string_view> pieces) {
  std::vector<std::string> out;
  out.reserve(pieces.size());
  for (std::string_view p : pieces) out.emplace_back(p);
  return out;
}

absl::StatusOr<int64_t> RunInteger(RedisClient& client, const std::vector<std::string>& args) {
  absl::StatusOr<Reply> reply = Run(client, args);
  if (!reply.ok()) return reply.status();
  if (!reply->IsInteger()) return Unexpected(args[0], *reply);
  return reply->integer();
}

absl::StatusOr<std::optional<std::string>> RunOptionalString(RedisClient& client,
                                                             const std::vector<std::string>& args) {
  absl::StatusOr<Reply> reply = Run(client, args);
  if (!reply.ok()) return reply.status();
  if (reply->IsNil()) return std::optional<std::string>();
  if (!reply->IsString()) return Unexpected(args[0], *reply);
  return std::optional<std::string>(reply->str());
}

absl::StatusOr<std::vector<std::string>> RunStringArray(RedisClient& client,
                                                        const std::vector<std::string>& args) {
  absl::StatusOr<Reply> reply = Run(client, args);
  if (!reply.ok()) return reply.status();
  if (!reply->IsArray()) return Unexpected(args[0], *reply);
  std::vector<std::string> out;
  out.reserve(reply->elements().size());
  for (const Reply& e : reply->elements()) {
    if (!e.IsString()) return Unexpected(args[0], *reply);
    out.push_back(e.str());
  }
  return out;
}

std::string FormatBound(const ScoreBound& bound) {
  return bound.exclusive ? Cat("(", FormatScore(bound.value)) : FormatScore(bound.value);
}

}  // namespace

std::string FormatScore(double value) {
  if (std::isinf(value)) return value > 0 ? "+inf" : "-inf";
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  if (ec != std::errc()) return "nan";
  return std::string(buffer, end);
}

ScoreBound ScoreBound::NegInf() { return {-std::numeric_limits<double>::infinity(), false}; }
ScoreBound ScoreBound::PosInf() { return {std::numeric_limits<double>::infinity(), false}; }

absl::StatusOr<Reply> Call(RedisClient& client, std::initializer_list<std::string_view> args,
                           CallOptions options) {
  return Run(client, Args(args), options);
}

absl::Status Ping(RedisClient& client) {
  absl::StatusOr<Reply> reply = Run(client, {"PING"});
  if (!reply.ok()) return reply.status();
  if (!reply->IsStatus() || reply->str() != "PONG") return Unexpected("PING", *reply);
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> Get(RedisClient& client, std::string_view key) {
  return RunOptionalString(client, Args({"GET", key}));
}

absl::StatusOr<bool> Set(RedisClient& client, std::string_view key, std::string_view value,
                         SetOptions options) {
  std::vector<std::string> args = Args({"SET", key, value});
  if (options.condition == SetCondition::kIfNotExists) args.emplace_back("NX");
  if (options.condition == SetCondition::kIfExists) args.emplace_back("XX");
  if (options.ttl.has_value()) {
    if (options.keep_ttl) return absl::InvalidArgumentError("redis SET: both PX and KEEPTTL given");
    if (options.ttl->count() <= 0) return absl::InvalidArgumentError("redis SET: PX must be > 0");
    args.emplace_back("PX");
    args.push_back(std::to_string(options.ttl->count()));
  } else if (options.keep_ttl) {
    args.emplace_back("KEEPTTL");
  }
  absl::StatusOr<Reply> reply = Run(client, args);
  if (!reply.ok()) return reply.status();
  if (reply->IsNil()) return false;
  if (reply->IsStatus() && reply->str() == "OK") return true;
  return Unexpected("SET", *reply);
}

absl::StatusOr<std::optional<std::string>> GetDel(RedisClient& client, std::string_view key) {
  return RunOptionalString(client, Args({"GETDEL", key}));
}

absl::StatusOr<int64_t> Del(RedisClient& client, std::span<const std::string> keys) {
  if (keys.empty()) return 0;
  std::vector<std::string> args = {"DEL"};
  args.insert(args.end(), keys.begin(), keys.end());
  return RunInteger(client, args);
}

absl::StatusOr<int64_t> Del(RedisClient& client, std::string_view key) {
  return RunInteger(client, Args({"DEL", key}));
}

absl::StatusOr<int64_t> Exists(RedisClient& client, std::span<const std::string> keys) {
  if (keys.empty()) return 0;
  std::vector<std::string> args = {"EXISTS"};
  args.insert(args.end(), keys.begin(), keys.end());
  return RunInteger(client, args);
}

absl::StatusOr<bool> Exists(RedisClient& client, std::string_view key) {
  absl::StatusOr<int64_t> n = RunInteger(client, Args({"EXISTS", key}));
  if (!n.ok()) return n.status();
  return *n > 0;
}

absl::StatusOr<bool> PExpire(RedisClient& client, std::string_view key,
                             std::chrono::milliseconds ttl) {
  absl::StatusOr<int64_t> n =
      RunInteger(client, Args({"PEXPIRE", key, std::to_string(ttl.count())}));
  if (!n.ok()) return n.status();
  return *n == 1;
}

absl::StatusOr<int64_t> PTtl(RedisClient& client, std::string_view key) {
  return RunInteger(client, Args({"PTTL", key}));
}

absl::StatusOr<int64_t> Incr(RedisClient& client, std::string_view key) {
  return RunInteger(client, Args({"INCR", key}));
}

absl::StatusOr<int64_t> HSet(RedisClient& client, std::string_view key,
                             std::span<const FieldValue> fields) {
  if (fields.empty()) return absl::InvalidArgumentError("redis HSET: no fields");
  std::vector<std::string> args = Args({"HSET", key});
  for (const FieldValue& f : fields) {
    args.push_back(f.first);
    args.push_back(f.second);
  }
  return RunInteger(client, args);
}

absl::StatusOr<int64_t> HSet(RedisClient& client, std::string_view key, std::string_view field,
                             std::string_view value) {
  return RunInteger(client, Args({"HSET", key, field, value}));
}

absl::StatusOr<std::optional<std::string>> HGet(RedisClient& client, std::string_view key,
                                                std::string_view field) {
  return RunOptionalString(client, Args({"HGET", key, field}));
}

absl::StatusOr<std::map<std::string, std::string>> HGetAll(RedisClient& client,
                                                           std::string_view key) {
  absl::StatusOr<std::vector<std::string>> flat = RunStringArray(client, Args({"HGETALL", key}));
  if (!flat.ok()) return flat.status();
  if (flat->size() % 2 != 0) {
    return absl::InternalError("redis HGETALL: odd number of elements in reply");
  }
  std::map<std::string, std::string> out;
  for (size_t i = 0; i < flat->size(); i += 2) out[(*flat)[i]] = (*flat)[i + 1];
  return out;
}

absl::StatusOr<int64_t> HDel(RedisClient& client, std::string_view key,
                             std::span<const std::string> fields) {
  if (fields.empty()) return 0;
  std::vector<std::string> args = Args({"HDEL", key});
  args.insert(args.end(), fields.begin(), fields.end());
  return RunInteger(client, args);
}

absl::StatusOr<int64_t> HIncrBy(RedisClient& client, std::string_view key, std::string_view field,
                                int64_t delta) {
  return RunInteger(client, Args({"HINCRBY", key, field, std::to_string(delta)}));
}

absl::StatusOr<int64_t> SAdd(RedisClient& client, std::string_view key,
                             std::span<const std::string> members) {
  if (members.empty()) return 0;
  std::vector<std::string> args = Args({"SADD", key});
  args.insert(args.end(), members.begin(), members.end());
  return RunInteger(client, args);
}

absl::StatusOr<int64_t> SRem(RedisClient& client, std::string_view key,
                             std::span<const std::string> members) {
  if (members.empty()) return 0;
  std::vector<std::string> args = Args({"SREM", key});
  args.insert(args.end(), members.begin(), members.end());
  return RunInteger(client, args);
}

absl::StatusOr<std::vector<std::string>> SMembers(RedisClient& client, std::string_view key) {
  return RunStringArray(client, Args({"SMEMBERS", key}));
}

absl::StatusOr<bool> SIsMember(RedisClient& client, std::string_view key, std::string_view member) {
  absl::StatusOr<int64_t> n = RunInteger(client, Args({"SISMEMBER", key, member}));
  if (!n.ok()) return n.status();
  return *n == 1;
}

absl::StatusOr<int64_t> ZAdd(RedisClient& client, std::string_view key,
                             std::span<const ScoredMember> members) {
  if (members.empty()) return 0;
  std::vector<std::string> args = Args({"ZADD", key});
  for (const ScoredMember& m : members) {
    if (std::isnan(m.score)) return absl::InvalidArgumentError("redis ZADD: score is NaN");
    args.push_back(FormatScore(m.score));
    args.push_back(m.member);
  }
  return RunInteger(client, args);
}

absl::StatusOr<int64_t> ZAdd(RedisClient& client, std::string_view key, std::string_view member,
                             double score) {
  const ScoredMember one{std::string(member), score};
  return ZAdd(client, key, std::span<const ScoredMember>(&one, 1));
}

absl::StatusOr<int64_t> ZRem(RedisClient& client, std::string_view key,
                             std::span<const std::string> members) {
  if (members.empty()) return 0;
  std::vector<std::string> args = Args({"ZREM", key});
  args.insert(args.end(), members.begin(), members.end());
  return RunInteger(client, args);
}

absl::StatusOr<std::optional<double>> ZScore(RedisClient& client, std::string_view key,
                                             std::string_view member) {
  absl::StatusOr<Reply> reply = Run(client, Args({"ZSCORE", key, member}));
  if (!reply.ok()) return reply.status();
  if (reply->IsNil()) return std::optional<double>();
  absl::StatusOr<double> score = reply->AsDouble();
  if (!score.ok()) return Unexpected("ZSCORE", *reply);
  return std::optional<double>(*score);
}

absl::StatusOr<std::vector<ScoredMember>> ZRangeByScore(RedisClient& client, std::string_view key,
                                                        ScoreBound min, ScoreBound max,
                                                        std::optional<RangeLimit> limit) {
  std::vector<std::string> args =
      Args({"ZRANGEBYSCORE", key, FormatBound(min), FormatBound(max), "WITHSCORES"});
  if (limit.has_value()) {
    args.emplace_back("LIMIT");
    args.push_back(std::to_string(limit->offset));
    args.push_back(std::to_string(limit->count));
  }
  absl::StatusOr<Reply> reply = Run(client, args);
  if (!reply.ok()) return reply.status();
  if (!reply->IsArray() || reply->elements().size() % 2 != 0) {
    return Unexpected("ZRANGEBYSCORE", *reply);
  }
  std::vector<ScoredMember> out;
  out.reserve(reply->elements().size() / 2);
  const std::vector<Reply>& e = reply->elements();
  for (size_t i = 0; i < e.size(); i += 2) {
    absl::StatusOr<double> score = e[i + 1].AsDouble();
    if (!e[i].IsString() || !score.ok()) return Unexpected("ZRANGEBYSCORE", *reply);
    out.push_back({e[i].str(), *score});
  }
  return out;
}

absl::StatusOr<int64_t> ZRemRangeByScore(RedisClient& client, std::string_view key, ScoreBound min,
                                         ScoreBound max) {
  return RunInteger(client, Args({"ZREMRANGEBYSCORE", key, FormatBound(min), FormatBound(max)}));
}

absl::StatusOr<std::optional<std::string>> ConfigGet(RedisClient& client,
                                                     std::string_view parameter) {
  absl::StatusOr<std::vector<std::string>> flat =
      RunStringArray(client, Args({"CONFIG", "GET", parameter}));
  if (!flat.ok()) return flat.status();
  if (flat->empty()) return std::optional<std::string>();
  if (flat->size() != 2) {
    return absl::InternalError(Cat("redis CONFIG GET ", parameter,
                                   ": expected one name/value pair, got ", flat->size(),
                                   " elements"));
  }
  return std::optional<std::string>((*flat)[1]);
}

absl::Status CheckNoEviction(RedisClient& client) {
  absl::StatusOr<std::optional<std::string>> policy = ConfigGet(client, "maxmemory-policy");
  if (!policy.ok()) return policy.status();
  if (!policy->has_value()) {
    return absl::FailedPreconditionError("redis: the server does not report maxmemory-policy");
  }
  if (**policy != "noeviction") {
    return absl::FailedPreconditionError(
        Cat("redis maxmemory-policy is ", **policy,
            "; mxedge requires noeviction (an evicted key or stream entry is silent data loss)"));
  }
  return absl::OkStatus();
}

}  // namespace mxedge::redis
