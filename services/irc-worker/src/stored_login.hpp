#pragma once
// How a user's stored login (!username, !storepass) changes their connection's session:
// - a username becomes the USER name (ident);
// - a password is offered as SASL PLAIN (used when the server offers sasl; a server without it
//   lets the connection continue unless the network's own `sasl.required` login is configured)
//   and sent as PASS when the network has no server password of its own: "account:password"
//   when an account was given, else the password alone (services read either form);
// - the SASL account is the !storepass user, else the !username, else the puppet's nick.
// Pure.
#include "irc_session.hpp"
#include "user_credentials.hpp"

namespace mxedge::irc_worker {

// `network_sasl`: the network configures a SASL login of its own (mechanism other than none).
void ApplyStoredLogin(const StoredLogin& login, bool network_sasl, SessionSettings& session);

}  // namespace mxedge::irc_worker
