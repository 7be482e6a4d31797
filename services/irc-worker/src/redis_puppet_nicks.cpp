#include "redis_puppet_nicks.hpp"

#include <utility>

#include "mxedge/common/str_cat.hpp"
#include "mxedge/redis/commands.hpp"
#include "mxedge/redis/script.hpp"
#include "script_replies.hpp"

namespace mxedge::irc_worker {

using common::Cat;

RedisPuppetNicks::RedisPuppetNicks(redis::RedisClient& client, IrcKeys keys)
    : client_(client), keys_(std::move(keys)) {}

absl::Status RedisPuppetNicks::Set(std::string_view network, std::string_view folded_nick,
                                   std::string_view mxid) {
  if (absl::Status s = ValidateNickArgs(network, folded_nick); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateKeyPart("matrix user id", mxid); !s.ok()) {
    return s;
  }
  absl::StatusOr<bool> set = redis::Set(client_, keys_.Nick(network, folded_nick), mxid);
  if (!set.ok()) {
    return scripts::Context(set.status(), Cat("record puppet nick ", folded_nick));
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> RedisPuppetNicks::Release(std::string_view network,
                                               std::string_view folded_nick,
                                               std::string_view mxid) {
  if (absl::Status s = ValidateNickArgs(network, folded_nick); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateKeyPart("matrix user id", mxid); !s.ok()) {
    return s;
  }
  const std::vector<std::string> keys = {keys_.Nick(network, folded_nick)};
  const std::vector<std::string> args = {std::string(mxid)};
  absl::StatusOr<redis::Reply> reply =
      redis::EvalScript(client_, scripts::CompareAndDeleteScript(), keys, args);
  if (!reply.ok()) {
    return scripts::Context(reply.status(), Cat("release puppet nick ", folded_nick));
  }
  absl::StatusOr<int64_t> deleted = scripts::ToInt("release puppet nick", *reply);
  if (!deleted.ok()) {
    return deleted.status();
  }
  return *deleted == 1;
}

absl::StatusOr<std::optional<std::string>> RedisPuppetNicks::Lookup(std::string_view network,
                                                                    std::string_view folded_nick) {
  if (absl::Status s = ValidateNickArgs(network, folded_nick); !s.ok()) {
    return s;
  }
  absl::StatusOr<std::optional<std::string>> mxid =
      redis::Get(client_, keys_.Nick(network, folded_nick));
  if (!mxid.ok()) {
    return scripts::Context(mxid.status(), Cat("look up puppet nick ", folded_nick));
  }
  return *std::move(mxid);
}

}  // namespace mxedge::irc_worker
