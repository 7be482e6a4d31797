#include "redis_puppet_nick_records.hpp"

#include <utility>

#include "mxedge/common/str_cat.hpp"
#include "mxedge/redis/commands.hpp"
#include "script_replies.hpp"

namespace mxedge::irc_worker {

using common::Cat;

RedisPuppetNickRecords::RedisPuppetNickRecords(redis::RedisClient& client, IrcKeys keys)
    : client_(client), keys_(std::move(keys)) {}

std::string RedisPuppetNickRecords::DisplayKey(std::string_view mxid) const {
  return Cat(keys_.prefix(), "irc:display:", mxid);
}

std::string RedisPuppetNickRecords::ChosenNickKey(std::string_view network,
                                                  std::string_view mxid) const {
  return Cat(keys_.prefix(), "irc:chosen-nick:", network, ":", mxid);
}

absl::StatusOr<std::optional<std::string>> RedisPuppetNickRecords::DisplayName(
    std::string_view mxid) {
  if (absl::Status s = ValidateDisplayNameArgs(mxid, ""); !s.ok()) {
    return s;
  }
  absl::StatusOr<std::optional<std::string>> name = redis::Get(client_, DisplayKey(mxid));
  if (!name.ok()) {
    return scripts::Context(name.status(), "read display name");
  }
  return *std::move(name);
}

absl::Status RedisPuppetNickRecords::SetDisplayName(std::string_view mxid, std::string_view name) {
  if (absl::Status s = ValidateDisplayNameArgs(mxid, name); !s.ok()) {
    return s;
  }
  absl::StatusOr<bool> set = redis::Set(client_, DisplayKey(mxid), CutDisplayName(name));
  if (!set.ok()) {
    return scripts::Context(set.status(), "store display name");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> RedisPuppetNickRecords::ChosenNick(
    std::string_view network, std::string_view mxid) {
  if (absl::Status s = ValidateChosenNickArgs(network, mxid, "x"); !s.ok()) {
    return s;
  }
  absl::StatusOr<std::optional<std::string>> nick =
      redis::Get(client_, ChosenNickKey(network, mxid));
  if (!nick.ok()) {
    return scripts::Context(nick.status(), "read chosen nick");
  }
  return *std::move(nick);
}

absl::Status RedisPuppetNickRecords::SetChosenNick(std::string_view network, std::string_view mxid,
                                                   std::string_view nick) {
  if (absl::Status s = ValidateChosenNickArgs(network, mxid, nick); !s.ok()) {
    return s;
  }
  absl::StatusOr<bool> set = redis::Set(client_, ChosenNickKey(network, mxid), nick);
  if (!set.ok()) {
    return scripts::Context(set.status(), Cat("store chosen nick ", nick));
  }
  return absl::OkStatus();
}

absl::Status RedisPuppetNickRecords::ClearChosenNick(std::string_view network,
                                                     std::string_view mxid) {
  if (absl::Status s = ValidateChosenNickArgs(network, mxid, "x"); !s.ok()) {
    return s;
  }
  absl::StatusOr<int64_t> deleted = redis::Del(client_, ChosenNickKey(network, mxid));
  if (!deleted.ok()) {
    return scripts::Context(deleted.status(), "forget chosen nick");
  }
  return absl::OkStatus();
}

}  // namespace mxedge::irc_worker
