#pragma once
// Typed helpers over any RedisClient for the key, string, hash, set and sorted-set commands mxedge
// uses (streams: stream_commands.hpp, scripts: script.hpp). Each returns the server's error reply
// as a non-OK status (see redis_client.hpp) and InternalError when a reply has an unexpected shape.
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/redis/redis_client.hpp"
#include "mxedge/redis/reply.hpp"

namespace mxedge::redis {

using FieldValue = std::pair<std::string, std::string>;

// Any command from literal pieces: Call(client, {"HSET", key, "f", "v"}).
absl::StatusOr<Reply> Call(RedisClient& client, std::initializer_list<std::string_view> args,
                           CallOptions options = {});

absl::Status Ping(RedisClient& client);

// ---- keys and strings ----
absl::StatusOr<std::optional<std::string>> Get(RedisClient& client, std::string_view key);

enum class SetCondition { kAlways, kIfNotExists /* NX */, kIfExists /* XX */ };
struct SetOptions {
  SetCondition condition = SetCondition::kAlways;
  std::optional<std::chrono::milliseconds> ttl;  // PX
  bool keep_ttl = false;                         // KEEPTTL (not with ttl)
};
// Returns whether the value was set (false when NX/XX prevented it).
absl::StatusOr<bool> Set(RedisClient& client, std::string_view key, std::string_view value,
                         SetOptions options = {});
absl::StatusOr<std::optional<std::string>> GetDel(RedisClient& client, std::string_view key);
// Returns the number of keys removed / present.
absl::StatusOr<int64_t> Del(RedisClient& client, std::span<const std::string> keys);
absl::StatusOr<int64_t> Del(RedisClient& client, std::string_view key);
absl::StatusOr<int64_t> Exists(RedisClient& client, std::span<const std::string> keys);
absl::StatusOr<bool> Exists(RedisClient& client, std::string_view key);
// Returns false when the key does not exist.
absl::StatusOr<bool> PExpire(RedisClient& client, std::string_view key,
                             std::chrono::milliseconds ttl);
// Remaining TTL; kNoKey / kNoExpiry as Redis answers -2 / -1.
inline constexpr int64_t kPTtlNoKey = -2;
inline constexpr int64_t kPTtlNoExpiry = -1;
absl::StatusOr<int64_t> PTtl(RedisClient& client, std::string_view key);
absl::StatusOr<int64_t> Incr(RedisClient& client, std::string_view key);

// ---- hashes ----
// Returns the number of fields added (not updated).
absl::StatusOr<int64_t> HSet(RedisClient& client, std::string_view key,
                             std::span<const FieldValue> fields);
absl::StatusOr<int64_t> HSet(RedisClient& client, std::string_view key, std::string_view field,
                             std::string_view value);
absl::StatusOr<std::optional<std::string>> HGet(RedisClient& client, std::string_view key,
                                                std::string_view field);
absl::StatusOr<std::map<std::string, std::string>> HGetAll(RedisClient& client,
                                                           std::string_view key);
absl::StatusOr<int64_t> HDel(RedisClient& client, std::string_view key,
                             std::span<const std::string> fields);
absl::StatusOr<int64_t> HIncrBy(RedisClient& client, std::string_view key, std::string_view field,
                                int64_t delta);

// ---- sets ----
absl::StatusOr<int64_t> SAdd(RedisClient& client, std::string_view key,
                             std::span<const std::string> members);
absl::StatusOr<int64_t> SRem(RedisClient& client, std::string_view key,
                             std::span<const std::string> members);
absl::StatusOr<std::vector<std::string>> SMembers(RedisClient& client, std::string_view key);
absl::StatusOr<bool> SIsMember(RedisClient& client, std::string_view key, std::string_view member);

// ---- sorted sets ----
struct ScoredMember {
  std::string member;
  double score = 0;
  friend bool operator==(const ScoredMember&, const ScoredMember&) = default;
};
// A ZRANGEBYSCORE bound; infinities are allowed ("-inf" / "+inf").
struct ScoreBound {
  double value = 0;
  bool exclusive = false;
  static ScoreBound Inclusive(double v) { return {v, false}; }
  static ScoreBound Exclusive(double v) { return {v, true}; }
  static ScoreBound NegInf();
  static ScoreBound PosInf();
};
struct RangeLimit {
  int64_t offset = 0;
  int64_t count = 0;
};
// Returns the number of members added (not updated).
absl::StatusOr<int64_t> ZAdd(RedisClient& client, std::string_view key,
                             std::span<const ScoredMember> members);
absl::StatusOr<int64_t> ZAdd(RedisClient& client, std::string_view key, std::string_view member,
                             double score);
absl::StatusOr<int64_t> ZRem(RedisClient& client, std::string_view key,
                             std::span<const std::string> members);
absl::StatusOr<std::optional<double>> ZScore(RedisClient& client, std::string_view key,
                                             std::string_view member);
// ZRANGEBYSCORE ... WITHSCORES [LIMIT offset count], ascending.
absl::StatusOr<std::vector<ScoredMember>> ZRangeByScore(RedisClient& client, std::string_view key,
                                                        ScoreBound min, ScoreBound max,
                                                        std::optional<RangeLimit> limit = {});
absl::StatusOr<int64_t> ZRemRangeByScore(RedisClient& client, std::string_view key, ScoreBound min,
                                         ScoreBound max);

// ---- server ----
// CONFIG GET for one parameter; nullopt when the server does not know it.
absl::StatusOr<std::optional<std::string>> ConfigGet(RedisClient& client,
                                                     std::string_view parameter);
// OK only when maxmemory-policy is noeviction (services refuse to start otherwise: an evicted
// stream entry or ownership key is silent data loss). FailedPreconditionError naming the policy.
absl::Status CheckNoEviction(RedisClient& client);

// Formats a double so that Redis parses back exactly the same value ("inf" / "-inf" included).
std::string FormatScore(double value);

}  // namespace mxedge::redis
