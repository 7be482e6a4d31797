#pragma once
// The TLS client certificate (CertFP) of one puppet and SASL EXTERNAL:
// - `networks[].tls_client_cert_dir`: a directory of `<escaped mxid>.pem` files, each holding a
//   user's certificate chain and private key (ClientCertFileName gives the name). The connection
//   of a user with a file presents it in the TLS handshake; users without one connect without.
// - `sasl.mechanism: external`: a puppet with a certificate logs in with SASL EXTERNAL (the
//   network's services map the certificate's fingerprint to the account). Without a certificate
//   it is not connected while `sasl.required` holds, and connects unauthenticated otherwise.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "config.hpp"
#include "irc_connection.hpp"

namespace mxedge::irc_worker {

// Whether a regular file exists at `path`.
using FileExists = std::function<bool(const std::string& path)>;

// The file system's answer.
bool RegularFileExists(const std::string& path);

// "<escaped mxid>.pem": bytes of [A-Za-z0-9._-] kept except a leading '.', every other byte as
// '=' and two lower-case hex digits ("@alice:example.org" → "=40alice=3aexample.org.pem"), so
// every mxid maps to one distinct plain file name.
std::string ClientCertFileName(std::string_view mxid);

// Problems of the network's certificate keys, each naming its key under `prefix`
// ("networks[libera]"): a certificate directory without `tls`, or SASL EXTERNAL without a
// certificate directory.
std::vector<std::string> ClientCertificateConfigErrors(const NetworkConfig& network,
                                                       std::string_view prefix);

// Sets the client certificate (and, with SASL EXTERNAL, the credentials and whether they are
// required) of a connection of `mxid` to `network`. FailedPreconditionError when SASL EXTERNAL
// is required and the user has no certificate: the connection must not be opened.
absl::Status ApplyClientCertificate(const NetworkConfig& network, std::string_view mxid,
                                    const FileExists& exists, ConnectionSettings& settings);

}  // namespace mxedge::irc_worker
