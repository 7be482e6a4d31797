#pragma once
// The gateway's configuration: defaults here < `--config` YAML < MXEDGE_* environment. Secrets
// (the internal token, PSKs) come only from the environment or from files named by
// MXEDGE_<KEY>_FILE (a mounted Secret).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "mxedge/common/config_loader.hpp"
#include "mxedge/common/environment.hpp"
#include "mxedge/msc3079/path_codes.hpp"

namespace mxedge::coap_gateway {

struct Config {
  struct Listen {
    // CoAP over DTLS (X.509 and PSK on one endpoint); empty: off. Production uses the
    // homeserver's port number on UDP.
    std::string dtls = "0.0.0.0:5684";
    // Plain CoAP; empty: off. Only a loopback address is accepted (a spoofed source address
    // could otherwise ride someone's session), and sticky tokens are never kept there.
    std::string plain = "127.0.0.1:5683";
  } listen;

  struct Dtls {
    std::string cert_file;         // PEM, EC P-256; with key_file enables X.509
    std::string key_file;          // PEM, unencrypted
    std::string ca_file;           // PEM chain sent after the certificate; optional
    std::string psk_file;          // identity:hexkey / identity:base64:key lines; optional
    std::string psks;              // secret: the same format, from MXEDGE_DTLS_PSKS(_FILE)
    bool session_tickets = false;  // off: OpenSSL adds ~200 bytes to every handshake
  } dtls;

  struct Router {
    std::string address = "127.0.0.1:50051";  // the router's ClientApi (gRPC)
    // One ClientApi call, /sync long-polls included: above any client's sync `timeout`.
    std::chrono::milliseconds deadline{60'000};
    std::chrono::milliseconds keepalive_time{20'000};
  } router;

  struct Grpc {
    std::string internal_token;  // secret shared by the suite's services
  } grpc;

  struct Coap {
    std::chrono::milliseconds piggyback_window{1'000};
    std::int64_t max_body_bytes = 1 << 20;
    std::chrono::milliseconds block_transfer_timeout{60'000};
    std::chrono::milliseconds exchange_lifetime{247'000};  // RFC 7252 EXCHANGE_LIFETIME
    bool sticky_tokens = true;                             // DTLS sessions only
  } coap;

  struct Sessions {
    int max_total = 10'000;
    int max_per_source = 16;  // per source IP address
    std::chrono::milliseconds idle_timeout{300'000};
  } sessions;

  struct Observe {
    std::chrono::milliseconds poll_timeout{25'000};  // the /sync `timeout` of the gateway's loop
    int max_registrations = 10'000;                  // 0: Observe refused
    int max_per_session = 4;
    std::chrono::milliseconds max_age{60'000};  // Max-Age of a notification
  } observe;

  struct Sync {
    bool default_filter = true;  // apply the filter below when a /sync sends none
    bool lazy_load_members = true;
    int timeline_limit = 10;
  } sync;

  struct Matrix {
    std::string api_version = "r0";  // what path codes expand to: r0 | v3
    int cbor_enum_version = 1;       // a session's key table until it sends option 257
  } matrix;

  struct Admin {
    std::string listen_address = "0.0.0.0";
    std::uint16_t port = 9100;
  } admin;

  std::string log_level = "info";
};

// A host:port pair from a listen key.
struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};

// The schema behind LoadConfig and --help.
const common::ConfigSchema<Config>& GatewayConfigSchema();

// Loads and validates. Errors are kInvalidArgument naming the key. `require_secrets` is false for
// --help / --check-config without a token.
absl::StatusOr<Config> LoadConfig(const common::ConfigSource& source, const common::EnvLookup& env,
                                  bool require_secrets = true);

// Relations the schema cannot express: listen addresses, credentials for DTLS, windows below
// timeouts, the api version.
absl::Status ValidateConfig(const Config& config, bool require_secrets);

// "host:port", "[v6]:port" with an IP address (or localhost) and a port 1..65535; the key names
// the error.
absl::StatusOr<ListenAddress> ParseListenAddress(std::string_view key, std::string_view text);

// `matrix.api_version` as the path code expansion.
msc3079::ClientApiVersion ApiVersion(const Config& config);

}  // namespace mxedge::coap_gateway
