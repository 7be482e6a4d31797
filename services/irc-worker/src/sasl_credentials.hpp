#pragma once
// SaslCredentials of one puppet from its network's `sasl` config:
// - mechanism `none`: no SASL;
// - mechanism `plain` with password_source `shared`: every puppet logs in with the account from
//   `account_template` and the one `sasl.password` (a network whose services accept the bridge's
//   password for its users, or a single bridge account);
// - mechanism `external`: no credentials here; a puppet with a client certificate logs in with
//   SASL EXTERNAL (see client_certificate.hpp);
// - password_source `file`: the password of account A is the content of `<password_dir>/A`
//   (one trailing newline dropped), as a Kubernetes Secret mounted as a volume provides it.
// Accounts come from `account_template` with $LOCALPART (the Matrix user's localpart) and $NICK
// (the puppet's nick). Passwords are never logged.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "config.hpp"
#include "irc_session.hpp"

namespace mxedge::irc_worker {

// Reads a whole file; NotFoundError when it does not exist.
using SecretFileReader = std::function<absl::StatusOr<std::string>(const std::string& path)>;

// The reader over the real file system.
absl::StatusOr<std::string> ReadSecretFile(const std::string& path);

// Problems of one network's `sasl` block, each naming its key under `prefix` (e.g.
// "networks[libera].sasl"). `require_secrets`: the shared password must be set.
std::vector<std::string> SaslConfigErrors(const SaslConfig& sasl, std::string_view prefix,
                                          bool require_secrets);

// The account name for `mxid` with `nick`: the template rendered. InvalidArgumentError when the
// result is empty, too long (over 64 bytes) or holds characters an account or file name cannot
// ('/', whitespace, control characters, a leading '.').
absl::StatusOr<std::string> RenderSaslAccount(std::string_view account_template,
                                              std::string_view mxid, std::string_view nick);

// nullopt when the network uses no SASL. NotFoundError when the password file of the account is
// missing or empty; InvalidArgumentError for an account that cannot be rendered.
absl::StatusOr<std::optional<SaslCredentials>> ResolveSaslCredentials(
    const SaslConfig& sasl, std::string_view mxid, std::string_view nick,
    const SecretFileReader& read_file);

}  // namespace mxedge::irc_worker
