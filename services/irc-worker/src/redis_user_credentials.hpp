#pragma once
// RedisUserCredentials: UserCredentials in the hash `irc:login:<network>:<mxid>` (fields
// `username`, `account`, `password`). The password is sealed with common::SecretBox under
// `redis.encryption_key`, the associated data naming the network and the user, so a sealed value
// copied to another user's record does not open. Without a key, passwords are not stored.
// `irc:login-keycheck` holds the key check: CheckKey fails at startup when the configured key is
// not the one the stored passwords were sealed with.
#include <optional>
#include <string>

#include "irc_keys.hpp"
#include "mxedge/common/secret_box.hpp"
#include "mxedge/redis/redis_client.hpp"
#include "user_credentials.hpp"

namespace mxedge::irc_worker {

class RedisUserCredentials final : public UserCredentials {
 public:
  // `client` must outlive this. `box`: nullopt when no encryption key is configured.
  RedisUserCredentials(redis::RedisClient& client, IrcKeys keys,
                       std::optional<common::SecretBox> box);

  // Stores the key check when there is none; FailedPreconditionError when the stored one was made
  // under another key. OK without a key.
  absl::Status CheckKey();

  bool stores_passwords() const override { return box_.has_value(); }
  absl::StatusOr<StoredLogin> Get(std::string_view network, std::string_view mxid) override;
  absl::Status SetUsername(std::string_view network, std::string_view mxid,
                           std::string_view username) override;
  absl::Status SetPassword(std::string_view network, std::string_view mxid,
                           std::string_view account, std::string_view password) override;
  absl::StatusOr<bool> RemovePassword(std::string_view network, std::string_view mxid) override;

 private:
  absl::StatusOr<std::string> Key(std::string_view network, std::string_view mxid) const;

  redis::RedisClient& client_;
  IrcKeys keys_;
  std::optional<common::SecretBox> box_;
};

// The associated data of a user's sealed password.
std::string PasswordAad(std::string_view network, std::string_view mxid);

}  // namespace mxedge::irc_worker
