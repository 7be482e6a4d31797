#include "stored_login.hpp"

#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

void ApplyStoredLogin(const StoredLogin& login, bool network_sasl, SessionSettings& session) {
  if (!login.username.empty()) {
    session.username = login.username;
  }
  if (login.password.empty()) {
    return;
  }
  const std::string account = !login.account.empty()    ? login.account
                              : !login.username.empty() ? login.username
                                                        : session.nick;
  session.sasl = SaslCredentials{.account = account, .password = login.password};
  session.sasl_required = network_sasl && session.sasl_required;
  if (session.server_password.empty()) {
    session.server_password =
        login.account.empty() ? login.password : common::Cat(login.account, ":", login.password);
  }
}

}  // namespace mxedge::irc_worker
