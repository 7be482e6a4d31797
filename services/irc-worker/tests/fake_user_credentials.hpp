#pragma once
// FakeUserCredentials: UserCredentials in memory, keyed "<network> <mxid>"; `can_store` plays the
// encryption key being configured, `fail` makes every call fail with that status.
#include <map>
#include <string>

#include "mxedge/common/str_cat.hpp"
#include "user_credentials.hpp"

namespace mxedge::irc_worker {

class FakeUserCredentials final : public UserCredentials {
 public:
  bool stores_passwords() const override { return can_store; }
  absl::StatusOr<StoredLogin> Get(std::string_view network, std::string_view mxid) override {
    if (!fail.ok()) {
      return fail;
    }
    auto it = logins.find(common::Cat(network, " ", mxid));
    return it == logins.end() ? StoredLogin{} : it->second;
  }
  absl::Status SetUsername(std::string_view network, std::string_view mxid,
                           std::string_view username) override {
    if (!fail.ok()) {
      return fail;
    }
    logins[common::Cat(network, " ", mxid)].username = std::string(username);
    return absl::OkStatus();
  }
  absl::Status SetPassword(std::string_view network, std::string_view mxid,
                           std::string_view account, std::string_view password) override {
    if (!fail.ok()) {
      return fail;
    }
    if (!can_store) {
      return absl::FailedPreconditionError("storing passwords is disabled");
    }
    StoredLogin& login = logins[common::Cat(network, " ", mxid)];
    login.account = std::string(account);
    login.password = std::string(password);
    return absl::OkStatus();
  }
  absl::StatusOr<bool> RemovePassword(std::string_view network, std::string_view mxid) override {
    if (!fail.ok()) {
      return fail;
    }
    StoredLogin& login = logins[common::Cat(network, " ", mxid)];
    const bool had = !login.password.empty();
    login.password.clear();
    login.account.clear();
    return had;
  }

  bool can_store = true;
  absl::Status fail;
  std::map<std::string, StoredLogin> logins;
};

}  // namespace mxedge::irc_worker
