#pragma once
// UserCredentials: what a Matrix user set for their own IRC login with the admin room's
// !username, !storepass and !removepass, per (network, user). Passwords are sealed at rest and
// never logged; the Redis implementation is RedisUserCredentials, tests use an in-memory fake.
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mxedge::irc_worker {

struct StoredLogin {
  std::string username;  // ident and SASL username from !username; empty: none set
  std::string account;   // the "user" of !storepass user:pass; empty: none given
  std::string password;  // plaintext once read; empty: none stored

  friend bool operator==(const StoredLogin&, const StoredLogin&) = default;
};

class UserCredentials {
 public:
  virtual ~UserCredentials() = default;

  // False when no encryption key is configured: SetPassword then fails.
  virtual bool stores_passwords() const = 0;
  // What the user stored; an empty StoredLogin when nothing. DataLossError when the sealed
  // password cannot be opened (another key, or a record moved between users).
  virtual absl::StatusOr<StoredLogin> Get(std::string_view network, std::string_view mxid) = 0;
  virtual absl::Status SetUsername(std::string_view network, std::string_view mxid,
                                   std::string_view username) = 0;
  // FailedPreconditionError when passwords cannot be stored (see stores_passwords).
  virtual absl::Status SetPassword(std::string_view network, std::string_view mxid,
                                   std::string_view account, std::string_view password) = 0;
  // Whether a password was stored.
  virtual absl::StatusOr<bool> RemovePassword(std::string_view network, std::string_view mxid) = 0;
};

}  // namespace mxedge::irc_worker
