#include "mxedge/redis/stream_commands.hpp"

#include "cat.hpp"
#include "run.hpp"

namespace mxedge::redis {
namespace {

using internal::Cat;
using internal::Run;
using internal::Unexpected;

constexpr std::chrono::milliseconds kBlockMargin{1000};

std::vector<std::string> Args(std::initializer_list<std::string_view> pieces) {
  std::vector<std::string> out;
  out.reserve(pieces.size());
  for (std::string_view p : pieces) out.emplace_back(p);
  return out;
}

// [id, [field, value, ...]] or [id, nil] (entry deleted while pending).
absl::StatusOr<StreamEntry> ParseEntry(std::string_view command, const Reply& reply) {
  if (!reply.IsArray() || reply.elements().size() != 2 || !reply.elements()[0].IsString()) {
    return Unexpected(command, reply);
  }
  StreamEntry entry;
  entry.id = reply.elements()[0].str();
  const Reply& body = reply.elements()[1];
  if (body.IsNil()) {
    entry.deleted = true;
    return entry;
  }
  if (!body.IsArray() || body.elements().size() % 2 != 0) return Unexpected(command, reply);
  entry.fields.reserve(body.elements().size() / 2);
  for (size_t i = 0; i < body.elements().size(); i += 2) {
    const Reply& f = body.elements()[i];
    const Reply& v = body.elements()[i + 1];
    if (!f.IsString() || !v.IsString()) return Unexpected(command, reply);
    entry.fields.emplace_back(f.str(), v.str());
  }
  return entry;
}

absl::StatusOr<std::vector<StreamEntry>> ParseEntries(std::string_view command,
                                                      const Reply& reply) {
  if (reply.IsNil()) return std::vector<StreamEntry>();
  if (!reply.IsArray()) return Unexpected(command, reply);
  std::vector<StreamEntry> out;
  out.reserve(reply.elements().size());
  for (const Reply& e : reply.elements()) {
    absl::StatusOr<StreamEntry> entry = ParseEntry(command, e);
    if (!entry.ok()) return entry.status();
    out.push_back(*std::move(entry));
  }
  return out;
}

}  // namespace

std::optional<std::string_view> StreamEntry::Field(std::string_view name) const {
  for (const FieldValue& f : fields) {
    if (f.first == name) return std::string_view(f.second);
  }
  return std::nullopt;
}

absl::StatusOr<std::string> XAdd(RedisClient& client, std::string_view key,
                                 std::span<const FieldValue> fields, const XAddOptions& options) {
  if (fields.empty()) return absl::InvalidArgumentError("redis XADD: no fields");
  if (options.max_len_approx.has_value() && options.min_id.has_value()) {
    return absl::InvalidArgumentError("redis XADD: both MAXLEN and MINID given");
  }
  std::vector<std::string> args = Args({"XADD", key});
  if (options.no_mkstream) args.emplace_back("NOMKSTREAM");
  if (options.max_len_approx.has_value()) {
    if (*options.max_len_approx < 0) return absl::InvalidArgumentError("redis XADD: MAXLEN < 0");
    args.emplace_back("MAXLEN");
    args.emplace_back("~");
    args.push_back(std::to_string(*options.max_len_approx));
  }
  if (options.min_id.has_value()) {
    args.emplace_back("MINID");
    args.emplace_back("~");
    args.push_back(*options.min_id);
  }
  args.push_back(options.id);
  for (const FieldValue& f : fields) {
    args.push_back(f.first);
    args.push_back(f.second);
  }
  absl::StatusOr<Reply> reply = Run(client, args);
  if (!reply.ok()) return reply.status();
  if (reply->IsNil() && options.no_mkstream) {
    return absl::NotFoundError(Cat("redis XADD: stream ", key, " does not exist"));
  }
  if (!reply->IsString()) return Unexpected("XADD", *reply);
  return reply->str();
}

absl::Status XGroupCreate(RedisClient& client, std::string_view key, std::string_view group,
                          std::string_view start_id) {
  absl::StatusOr<Reply> reply =
      Run(client, Args({"XGROUP", "CREATE", key, group, start_id, "MKSTREAM"}));
  if (!reply.ok()) {
    if (IsServerError(reply.status(), "BUSYGROUP")) return absl::OkStatus();
    return reply.status();
  }
  return reply->ExpectStatus("OK");
}

absl::StatusOr<std::vector<StreamEntries>> XReadGroup(RedisClient& client, std::string_view group,
                                                      std::string_view consumer,
                                                      std::span<const StreamRead> streams,
                                                      const XReadGroupOptions& options) {
  if (streams.empty()) return absl::InvalidArgumentError("redis XREADGROUP: no streams");
  std::vector<std::string> args = Args({"XREADGROUP", "GROUP", group, consumer});
  CallOptions call;
  call.timeout = options.timeout;
  if (options.count.has_value()) {
    if (*options.count <= 0) return absl::InvalidArgumentError("redis XREADGROUP: COUNT <= 0");
    args.emplace_back("COUNT");
    args.push_back(std::to_string(*options.count));
  }
  if (options.block.has_value()) {
    if (options.block->count() <= 0) {
      return absl::InvalidArgumentError(
          "redis XREADGROUP: BLOCK must be > 0 ms (blocking forever is refused)");
    }
    args.emplace_back("BLOCK");
    args.push_back(std::to_string(options.block->count()));
    if (!call.timeout.has_value()) call.timeout = *options.block + kBlockMargin;
  }
  if (options.no_ack) args.emplace_back("NOACK");
  args.emplace_back("STREAMS");
  for (const StreamRead& s : streams) args.push_back(s.key);
  for (const StreamRead& s : streams) args.push_back(s.id);
  absl::StatusOr<Reply> reply = Run(client, args, call);
  if (!reply.ok()) return reply.status();
  std::vector<StreamEntries> out;
  if (reply->IsNil()) return out;
  if (!reply->IsArray()) return Unexpected("XREADGROUP", *reply);
  for (const Reply& s : reply->elements()) {
    if (!s.IsArray() || s.elements().size() != 2 || !s.elements()[0].IsString()) {
      return Unexpected("XREADGROUP", *reply);
    }
    absl::StatusOr<std::vector<StreamEntry>> entries = ParseEntries("XREADGROUP", s.elements()[1]);
    if (!entries.ok()) return entries.status();
    out.push_back({s.elements()[0].str(), *std::move(entries)});
  }
  return out;
}

absl::StatusOr<std::vector<StreamEntry>> XReadGroup(RedisClient& client, std::string_view group,
                                                    std::string_view consumer, std::string_view key,
                                                    std::string_view id,
                                                    const XReadGroupOptions& options) {
  const StreamRead read{std::string(key), std::string(id)};
  absl::StatusOr<std::vector<StreamEntries>> all =
      XReadGroup(client, group, consumer, std::span<const StreamRead>(&read, 1), options);
  if (!all.ok()) return all.status();
  std::vector<StreamEntry> out;
  for (StreamEntries& s : *all) {
    for (StreamEntry& e : s.entries) out.push_back(std::move(e));
  }
  return out;
}

absl::StatusOr<int64_t> XAck(RedisClient& client, std::string_view key, std::string_view group,
                             std::span<const std::string> ids) {
  if (ids.empty()) return 0;
  std::vector<std::string> args = Args({"XACK", key, group});
  args.insert(args.end(), ids.begin(), ids.end());
  absl::StatusOr<Reply> reply = Run(client, args);
  if (!reply.ok()) return reply.status();
  if (!reply->IsInteger()) return Unexpected("XACK", *reply);
  return reply->integer();
}

absl::StatusOr<AutoClaimResult> XAutoClaim(RedisClient& client, std::string_view key,
                                           std::string_view group, std::string_view consumer,
                                           std::chrono::milliseconds min_idle,
                                           std::string_view start, int64_t count) {
  if (count <= 0) return absl::InvalidArgumentError("redis XAUTOCLAIM: COUNT <= 0");
  if (min_idle.count() < 0) return absl::InvalidArgumentError("redis XAUTOCLAIM: min-idle < 0");
  absl::StatusOr<Reply> reply =
      Run(client, Args({"XAUTOCLAIM", key, group, consumer, std::to_string(min_idle.count()), start,
                        "COUNT", std::to_string(count)}));
  if (!reply.ok()) return reply.status();
  // Redis 7: [next-cursor, [entries...], [deleted ids...]]
  const std::vector<Reply>& e = reply->elements();
  if (!reply->IsArray() || e.size() < 2 || e.size() > 3 || !e[0].IsString()) {
    return Unexpected("XAUTOCLAIM", *reply);
  }
  AutoClaimResult result;
  result.next_cursor = e[0].str();
  absl::StatusOr<std::vector<StreamEntry>> entries = ParseEntries("XAUTOCLAIM", e[1]);
  if (!entries.ok()) return entries.status();
  for (StreamEntry& entry : *entries) {
    if (entry.deleted) {
      result.deleted_ids.push_back(std::move(entry.id));
    } else {
      result.entries.push_back(std::move(entry));
    }
  }
  if (e.size() == 3) {
    if (!e[2].IsArray()) return Unexpected("XAUTOCLAIM", *reply);
    for (const Reply& id : e[2].elements()) {
      if (!id.IsString()) return Unexpected("XAUTOCLAIM", *reply);
      result.deleted_ids.push_back(id.str());
    }
  }
  return result;
}

absl::StatusOr<PendingSummary> XPendingSummary(RedisClient& client, std::string_view key,
                                               std::string_view group) {
  absl::StatusOr<Reply> reply = Run(client, Args({"XPENDING", key, group}));
  if (!reply.ok()) return reply.status();
  const std::vector<Reply>& e = reply->elements();
  if (!reply->IsArray() || e.size() != 4 || !e[0].IsInteger()) {
    return Unexpected("XPENDING", *reply);
  }
  PendingSummary summary;
  summary.count = e[0].integer();
  if (summary.count == 0) return summary;
  if (!e[1].IsString() || !e[2].IsString() || !e[3].IsArray()) {
    return Unexpected("XPENDING", *reply);
  }
  summary.min_id = e[1].str();
  summary.max_id = e[2].str();
  for (const Reply& c : e[3].elements()) {
    if (!c.IsArray() || c.elements().size() != 2 || !c.elements()[0].IsString()) {
      return Unexpected("XPENDING", *reply);
    }
    // RESP2 sends the per-consumer count as a bulk string.
    int64_t n = 0;
    const Reply& count = c.elements()[1];
    if (count.IsInteger()) {
      n = count.integer();
    } else {
      absl::StatusOr<double> parsed = count.AsDouble();
      if (!parsed.ok()) return Unexpected("XPENDING", *reply);
      n = static_cast<int64_t>(*parsed);
    }
    summary.consumers.emplace_back(c.elements()[0].str(), n);
  }
  return summary;
}

absl::StatusOr<std::vector<PendingEntry>> XPendingRange(RedisClient& client, std::string_view key,
                                                        std::string_view group,
                                                        const XPendingQuery& query) {
  if (query.count <= 0) return absl::InvalidArgumentError("redis XPENDING: count <= 0");
  std::vector<std::string> args = Args({"XPENDING", key, group});
  if (query.min_idle.has_value()) {
    args.emplace_back("IDLE");
    args.push_back(std::to_string(query.min_idle->count()));
  }
  args.push_back(query.start);
  args.push_back(query.end);
  args.push_back(std::to_string(query.count));
  if (query.consumer.has_value()) args.push_back(*query.consumer);
  absl::StatusOr<Reply> reply = Run(client, args);
  if (!reply.ok()) return reply.status();
  if (!reply->IsArray()) return Unexpected("XPENDING", *reply);
  std::vector<PendingEntry> out;
  for (const Reply& p : reply->elements()) {
    const std::vector<Reply>& f = p.elements();
    if (!p.IsArray() || f.size() != 4 || !f[0].IsString() || !f[1].IsString() ||
        !f[2].IsInteger() || !f[3].IsInteger()) {
      return Unexpected("XPENDING", *reply);
    }
    out.push_back({f[0].str(), f[1].str(), f[2].integer(), f[3].integer()});
  }
  return out;
}

absl::StatusOr<int64_t> XTrimMinId(RedisClient& client, std::string_view key,
                                   std::string_view min_id, bool approximate) {
  std::vector<std::string> args = Args({"XTRIM", key, "MINID"});
  if (approximate) args.emplace_back("~");
  args.emplace_back(min_id);
  absl::StatusOr<Reply> reply = Run(client, args);
  if (!reply.ok()) return reply.status();
  if (!reply->IsInteger()) return Unexpected("XTRIM", *reply);
  return reply->integer();
}

absl::StatusOr<std::vector<StreamEntry>> XRange(RedisClient& client, std::string_view key,
                                                std::string_view start, std::string_view end,
                                                std::optional<int64_t> count) {
  std::vector<std::string> args = Args({"XRANGE", key, start, end});
  if (count.has_value()) {
    if (*count <= 0) return absl::InvalidArgumentError("redis XRANGE: COUNT <= 0");
    args.emplace_back("COUNT");
    args.push_back(std::to_string(*count));
  }
  absl::StatusOr<Reply> reply = Run(client, args);
  if (!reply.ok()) return reply.status();
  return ParseEntries("XRANGE", *reply);
}

absl::StatusOr<int64_t> XLen(RedisClient& client, std::string_view key) {
  absl::StatusOr<Reply> reply = Run(client, Args({"XLEN", key}));
  if (!reply.ok()) return reply.status();
  if (!reply->IsInteger()) return Unexpected("XLEN", *reply);
  return reply->integer();
}

}  // namespace mxedge::redis
