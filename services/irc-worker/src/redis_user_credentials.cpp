#include "redis_user_credentials.hpp"

#include <utility>
#include <vector>

#include "mxedge/common/str_cat.hpp"
#include "mxedge/redis/commands.hpp"

namespace mxedge::irc_worker {

using common::Cat;

std::string PasswordAad(std::string_view network, std::string_view mxid) {
  return Cat("irc:password:", network, ":", mxid);
}

RedisUserCredentials::RedisUserCredentials(redis::RedisClient& client, IrcKeys keys,
                                           std::optional<common::SecretBox> box)
    : client_(client), keys_(std::move(keys)), box_(std::move(box)) {}

absl::StatusOr<std::string> RedisUserCredentials::Key(std::string_view network,
                                                      std::string_view mxid) const {
  if (absl::Status s = ValidateNetwork(network); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateKeyPart("matrix user id", mxid); !s.ok()) {
    return s;
  }
  return Cat(keys_.prefix(), "irc:login:", network, ":", mxid);
}

absl::Status RedisUserCredentials::CheckKey() {
  if (!box_.has_value()) {
    return absl::OkStatus();
  }
  const std::string key = Cat(keys_.prefix(), "irc:login-keycheck");
  absl::StatusOr<std::optional<std::string>> stored = redis::Get(client_, key);
  if (!stored.ok()) {
    return stored.status();
  }
  if (stored->has_value()) {
    if (absl::Status s = box_->VerifyKeyCheck(**stored); !s.ok()) {
      return absl::FailedPreconditionError(
          "redis.encryption_key is not the key the stored IRC passwords were sealed with");
    }
    return absl::OkStatus();
  }
  absl::StatusOr<std::string> check = box_->KeyCheck();
  if (!check.ok()) {
    return check.status();
  }
  // NX: two workers starting at once store one check.
  absl::StatusOr<redis::Reply> set = redis::Call(client_, {"SET", key, *check, "NX"});
  if (!set.ok()) {
    return set.status();
  }
  absl::StatusOr<std::optional<std::string>> again = redis::Get(client_, key);
  if (!again.ok()) {
    return again.status();
  }
  if (!again->has_value() || !box_->VerifyKeyCheck(**again).ok()) {
    return absl::FailedPreconditionError(
        "redis.encryption_key is not the key the stored IRC passwords were sealed with");
  }
  return absl::OkStatus();
}

absl::StatusOr<StoredLogin> RedisUserCredentials::Get(std::string_view network,
                                                      std::string_view mxid) {
  absl::StatusOr<std::string> key = Key(network, mxid);
  if (!key.ok()) {
    return key.status();
  }
  absl::StatusOr<std::map<std::string, std::string>> fields = redis::HGetAll(client_, *key);
  if (!fields.ok()) {
    return fields.status();
  }
  StoredLogin login;
  if (auto it = fields->find("username"); it != fields->end()) {
    login.username = it->second;
  }
  if (auto it = fields->find("account"); it != fields->end()) {
    login.account = it->second;
  }
  if (auto it = fields->find("password"); it != fields->end() && !it->second.empty()) {
    if (!box_.has_value()) {
      return absl::FailedPreconditionError(
          "a password is stored but redis.encryption_key is not set");
    }
    absl::StatusOr<std::string> opened = box_->Open(it->second, PasswordAad(network, mxid));
    if (!opened.ok()) {
      return absl::DataLossError(
          Cat("the stored password does not open: ", common::Std(opened.status().message())));
    }
    login.password = *std::move(opened);
  }
  return login;
}

absl::Status RedisUserCredentials::SetUsername(std::string_view network, std::string_view mxid,
                                               std::string_view username) {
  absl::StatusOr<std::string> key = Key(network, mxid);
  if (!key.ok()) {
    return key.status();
  }
  absl::StatusOr<int64_t> set = redis::HSet(client_, *key, "username", username);
  return set.ok() ? absl::OkStatus() : set.status();
}

absl::Status RedisUserCredentials::SetPassword(std::string_view network, std::string_view mxid,
                                               std::string_view account,
                                               std::string_view password) {
  if (!box_.has_value()) {
    return absl::FailedPreconditionError("storing passwords is disabled on this bridge");
  }
  absl::StatusOr<std::string> key = Key(network, mxid);
  if (!key.ok()) {
    return key.status();
  }
  absl::StatusOr<std::string> sealed = box_->Seal(password, PasswordAad(network, mxid));
  if (!sealed.ok()) {
    return sealed.status();
  }
  absl::StatusOr<redis::Reply> set =
      redis::Call(client_, {"HSET", *key, "account", account, "password", *sealed});
  return set.ok() ? absl::OkStatus() : set.status();
}

absl::StatusOr<bool> RedisUserCredentials::RemovePassword(std::string_view network,
                                                          std::string_view mxid) {
  absl::StatusOr<std::string> key = Key(network, mxid);
  if (!key.ok()) {
    return key.status();
  }
  const std::vector<std::string> fields = {"password", "account"};
  absl::StatusOr<int64_t> removed = redis::HDel(client_, *key, fields);
  if (!removed.ok()) {
    return removed.status();
  }
  return *removed > 0;
}

}  // namespace mxedge::irc_worker
