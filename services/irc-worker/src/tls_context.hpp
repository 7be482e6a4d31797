#pragma once
// The TLS client context shared by the connections of one worker: peer verification on (the
// system trust store, or a CA file), TLS 1.2 at least. SNI, host name verification and an
// optional per-puppet client certificate (CertFP) are applied per connection by IrcConnection.
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "asio/ssl/context.hpp"

namespace mxedge::irc_worker {

struct TlsSettings {
  std::string ca_file;  // PEM bundle to trust instead of the system store; empty: system store
  bool verify_peer = true;
};

// InvalidArgumentError naming the file when the CA file cannot be loaded.
absl::StatusOr<std::shared_ptr<asio::ssl::context>> MakeTlsClientContext(
    const TlsSettings& settings);

}  // namespace mxedge::irc_worker
