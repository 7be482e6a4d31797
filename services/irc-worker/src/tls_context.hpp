#pragma once
// The TLS client context shared by the connections of one worker: peer verification on (the
// system trust store and/or CA files: every network's `tls_ca_file` is a trust anchor for the
// connections of all of the worker's networks), TLS 1.2 at least. SNI, host name verification and
// an optional per-puppet client certificate (CertFP) are applied per connection by IrcConnection.
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "asio/ssl/context.hpp"

namespace mxedge::irc_worker {

struct TlsSettings {
  // PEM bundles to trust. Without any, or with `system_store`, the system trust store as well.
  std::vector<std::string> ca_files;
  bool system_store = false;
  bool verify_peer = true;
};

// InvalidArgumentError naming the file when a CA file cannot be loaded.
absl::StatusOr<std::shared_ptr<asio::ssl::context>> MakeTlsClientContext(
    const TlsSettings& settings);

}  // namespace mxedge::irc_worker
