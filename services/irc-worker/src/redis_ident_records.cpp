#include "redis_ident_records.hpp"

#include <utility>
#include <vector>

#include "mxedge/common/str_cat.hpp"
#include "mxedge/redis/commands.hpp"
#include "mxedge/redis/script.hpp"
#include "script_replies.hpp"

namespace mxedge::irc_worker {

using common::Cat;

RedisIdentRecords::RedisIdentRecords(redis::RedisClient& client, IrcKeys keys)
    : client_(client), keys_(std::move(keys)) {}

std::string RedisIdentRecords::Key(const IdentQuery& ports) const {
  return Cat(keys_.prefix(), "irc:ident:", ports.local_port, ":", ports.remote_port);
}

absl::Status RedisIdentRecords::Put(const IdentQuery& ports, std::string_view user,
                                    std::chrono::milliseconds ttl) {
  if (!IsIdentUser(user)) {
    return absl::InvalidArgumentError("ident record: not a valid ident user name");
  }
  if (ttl.count() <= 0) {
    return absl::InvalidArgumentError("ident record: the TTL must be positive");
  }
  redis::SetOptions options;
  options.ttl = ttl;
  absl::StatusOr<bool> set = redis::Set(client_, Key(ports), user, options);
  if (!set.ok()) {
    return scripts::Context(set.status(), "write ident record");
  }
  return absl::OkStatus();
}

absl::Status RedisIdentRecords::Remove(const IdentQuery& ports, std::string_view user) {
  const std::vector<std::string> keys = {Key(ports)};
  const std::vector<std::string> args = {std::string(user)};
  absl::StatusOr<redis::Reply> reply =
      redis::EvalScript(client_, scripts::CompareAndDeleteScript(), keys, args);
  if (!reply.ok()) {
    return scripts::Context(reply.status(), "remove ident record");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> RedisIdentRecords::Lookup(const IdentQuery& ports) {
  absl::StatusOr<std::optional<std::string>> user = redis::Get(client_, Key(ports));
  if (!user.ok()) {
    return scripts::Context(user.status(), "read ident record");
  }
  return user;
}

}  // namespace mxedge::irc_worker
