#include "config.hpp"

#include <arpa/inet.h>

#include <vector>

#include "absl/strings/numbers.h"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::coap_gateway {
namespace {

using Ms = std::chrono::milliseconds;

common::ConfigSchema<Config> BuildSchema() {
  common::ConfigSchema<Config> s;
  s.String(
       "listen.dtls", [](Config & c) -> auto& { return c.listen.dtls; },
       "CoAP over DTLS host:port (X.509 and PSK); empty: off.")
      .String(
          "listen.plain", [](Config & c) -> auto& { return c.listen.plain; },
          "Plain CoAP host:port, loopback only, no sticky tokens; empty: off.");
  s.String(
       "dtls.cert_file", [](Config & c) -> auto& { return c.dtls.cert_file; },
       "PEM certificate (EC P-256) for X.509 DTLS; empty: PSK only.")
      .String(
          "dtls.key_file", [](Config & c) -> auto& { return c.dtls.key_file; },
          "PEM private key of dtls.cert_file (EC P-256, unencrypted).")
      .String(
          "dtls.ca_file", [](Config & c) -> auto& { return c.dtls.ca_file; },
          "PEM CA certificate(s) of the chain; empty: none.")
      .String(
          "dtls.psk_file", [](Config & c) -> auto& { return c.dtls.psk_file; },
          "File of identity:hexkey or identity:base64:key lines; empty: none.")
      .Secret(
          "dtls.psks", [](Config & c) -> auto& { return c.dtls.psks; },
          "PSK lines in the psk_file format (a Secret), added to dtls.psk_file.")
      .Bool(
          "dtls.session_tickets", [](Config & c) -> auto& { return c.dtls.session_tickets; },
          "Issue TLS session tickets (adds ~200 bytes to every handshake).");
  s.String(
       "router.address", [](Config & c) -> auto& { return c.router.address; },
       "gRPC address of the router's ClientApi.")
      .Duration(
          "router.deadline", [](Config & c) -> auto& { return c.router.deadline; },
          "Deadline of one ClientApi call.", Ms(100), Ms(600'000))
      .Duration(
          "router.keepalive_time", [](Config & c) -> auto& { return c.router.keepalive_time; },
          "gRPC keepalive ping interval towards the router.", Ms(1'000), Ms(3'600'000));
  s.Secret(
      "grpc.internal_token", [](Config & c) -> auto& { return c.grpc.internal_token; },
      "Token the suite's services present to each other.");
  s.Duration(
       "coap.piggyback_window", [](Config & c) -> auto& { return c.coap.piggyback_window; },
       "How long an answer may take to ride on the ACK; later: empty ACK + separate CON.", Ms(0),
       Ms(1'500))
      .Int(
          "coap.max_body_bytes", [](Config & c) -> auto& { return c.coap.max_body_bytes; }, 1024,
          int64_t{64} << 20, "Largest request body (whole Block1 transfer); larger: 4.13.")
      .Duration(
          "coap.block_transfer_timeout",
          [](Config & c) -> auto& { return c.coap.block_transfer_timeout; },
          "An unfinished Block1/Block2 transfer is forgotten after this long.", Ms(1'000),
          Ms(3'600'000))
      .Duration(
          "coap.exchange_lifetime", [](Config & c) -> auto& { return c.coap.exchange_lifetime; },
          "How long a message id is remembered for de-duplication.", Ms(1'000), Ms(3'600'000))
      .Bool(
          "coap.sticky_tokens", [](Config & c) -> auto& { return c.coap.sticky_tokens; },
          "Keep option 256 per DTLS session (never on the plain endpoint).");
  s.Int(
       "sessions.max_total", [](Config & c) -> auto& { return c.sessions.max_total; }, 1, 1'000'000,
       "Concurrent CoAP sessions in total.")
      .Int(
          "sessions.max_per_source", [](Config & c) -> auto& { return c.sessions.max_per_source; },
          1, 1'000'000, "Concurrent CoAP sessions per source IP address.")
      .Duration(
          "sessions.idle_timeout", [](Config & c) -> auto& { return c.sessions.idle_timeout; },
          "A session without traffic for this long is closed.", Ms(1'000), Ms(86'400'000));
  s.Duration(
       "observe.poll_timeout", [](Config & c) -> auto& { return c.observe.poll_timeout; },
       "The /sync timeout of the gateway's own sync loop per registration.", Ms(0), Ms(300'000))
      .Int(
          "observe.max_registrations",
          [](Config & c) -> auto& { return c.observe.max_registrations; }, 0, 1'000'000,
          "Observe registrations in total; 0: Observe refused.")
      .Int(
          "observe.max_per_session", [](Config & c) -> auto& { return c.observe.max_per_session; },
          1, 64, "Observe registrations per session.")
      .Duration(
          "observe.max_age", [](Config & c) -> auto& { return c.observe.max_age; },
          "Max-Age of a notification: a client re-registers after it (gateway restart).", Ms(1'000),
          Ms(86'400'000));
  s.Bool(
       "sync.default_filter", [](Config & c) -> auto& { return c.sync.default_filter; },
       "Give a /sync without a filter the filter below.")
      .Bool(
          "sync.lazy_load_members", [](Config & c) -> auto& { return c.sync.lazy_load_members; },
          "Default filter: lazy-load room members.")
      .Int(
          "sync.timeline_limit", [](Config & c) -> auto& { return c.sync.timeline_limit; }, 1, 1000,
          "Default filter: events per room timeline.");
  s.Enum(
       "matrix.api_version", [](Config & c) -> auto& { return c.matrix.api_version; }, {"r0", "v3"},
       "Client-Server prefix the path codes expand to.")
      .Int(
          "matrix.cbor_enum_version",
          [](Config & c) -> auto& { return c.matrix.cbor_enum_version; }, 0, 1,
          "CBOR key table of a session until it sends option 257 (0: string keys).");
  s.String(
       "admin.listen_address", [](Config & c) -> auto& { return c.admin.listen_address; },
       "Admin (health, metrics) listen address.")
      .Int(
          "admin.port", [](Config & c) -> auto& { return c.admin.port; }, 0, 65535,
          "Admin listen port; 0 picks a free one.");
  s.Enum("log.level", &Config::log_level, {"debug", "info", "warn", "error"}, "Log level.");
  return s;
}

bool IsLoopback(std::string_view host) {
  if (host == "localhost") {
    return true;
  }
  std::string text(host);
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    return IN6_IS_ADDR_LOOPBACK(&v6);
  }
  return false;
}

bool IsIpLiteral(std::string_view host) {
  std::string text(host);
  in_addr v4{};
  in6_addr v6{};
  return inet_pton(AF_INET, text.c_str(), &v4) == 1 || inet_pton(AF_INET6, text.c_str(), &v6) == 1;
}

}  // namespace

const common::ConfigSchema<Config>& GatewayConfigSchema() {
  static const common::ConfigSchema<Config>* const schema =
      new common::ConfigSchema<Config>(BuildSchema());
  return *schema;
}

absl::StatusOr<ListenAddress> ParseListenAddress(std::string_view key, std::string_view text) {
  auto error = [&](std::string_view why) {
    return absl::InvalidArgumentError(common::Cat(key, ": \"", text, "\": ", why));
  };
  std::string_view host;
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return error("expected [ipv6]:port");
    }
    host = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
  } else {
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) {
      return error("expected host:port");
    }
    host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) {
      return error("an IPv6 address must be written [address]:port");
    }
  }
  if (host.empty()) {
    return error("empty host");
  }
  if (!IsIpLiteral(host) && host != "localhost") {
    return error("host must be an IP address (or localhost)");
  }
  uint32_t port = 0;
  if (port_text.empty() || !absl::SimpleAtoi(common::Absl(port_text), &port) || port < 1 ||
      port > 65535 || port_text.find_first_not_of("0123456789") != std::string_view::npos) {
    return error("port must be 1..65535");
  }
  return ListenAddress{host == "localhost" ? std::string("127.0.0.1") : std::string(host),
                       static_cast<uint16_t>(port)};
}

absl::Status ValidateConfig(const Config& config, bool require_secrets) {
  std::vector<std::string> errors;
  if (config.listen.dtls.empty() && config.listen.plain.empty()) {
    errors.push_back("listen.dtls: both listen.dtls and listen.plain are off");
  }
  if (!config.listen.dtls.empty()) {
    if (absl::StatusOr<ListenAddress> a = ParseListenAddress("listen.dtls", config.listen.dtls);
        !a.ok()) {
      errors.emplace_back(a.status().message());
    }
    bool pki = !config.dtls.cert_file.empty() || !config.dtls.key_file.empty();
    bool psk = !config.dtls.psk_file.empty() || !config.dtls.psks.empty();
    if (config.dtls.cert_file.empty() != config.dtls.key_file.empty()) {
      errors.push_back(config.dtls.cert_file.empty()
                           ? "dtls.cert_file: required with dtls.key_file"
                           : "dtls.key_file: required with dtls.cert_file");
    }
    if (!pki && !psk) {
      errors.push_back(
          "dtls.cert_file: listen.dtls needs dtls.cert_file + dtls.key_file and/or PSKs "
          "(dtls.psk_file, MXEDGE_DTLS_PSKS)");
    }
  }
  if (!config.dtls.ca_file.empty() && config.dtls.cert_file.empty()) {
    errors.push_back("dtls.ca_file: needs dtls.cert_file");
  }
  if (!config.listen.plain.empty()) {
    absl::StatusOr<ListenAddress> a = ParseListenAddress("listen.plain", config.listen.plain);
    if (!a.ok()) {
      errors.emplace_back(a.status().message());
    } else if (!IsLoopback(a->host)) {
      errors.push_back(common::Cat("listen.plain: \"", config.listen.plain,
                                   "\": plain CoAP is only served on a loopback address"));
    }
  }
  if (config.router.address.empty()) {
    errors.push_back("router.address: must not be empty");
  }
  if (require_secrets && config.grpc.internal_token.empty()) {
    errors.push_back("grpc.internal_token: required (MXEDGE_GRPC_INTERNAL_TOKEN)");
  }
  if (config.observe.poll_timeout >= config.router.deadline) {
    errors.push_back("observe.poll_timeout: must be shorter than router.deadline");
  }
  if (config.coap.piggyback_window >= config.router.deadline) {
    errors.push_back("coap.piggyback_window: must be shorter than router.deadline");
  }
  if (config.sessions.max_per_source > config.sessions.max_total) {
    errors.push_back("sessions.max_per_source: larger than sessions.max_total");
  }
  if (config.observe.max_per_session > config.observe.max_registrations &&
      config.observe.max_registrations > 0) {
    errors.push_back("observe.max_per_session: larger than observe.max_registrations");
  }
  return common::ConfigErrorsStatus(errors);
}

absl::StatusOr<Config> LoadConfig(const common::ConfigSource& source, const common::EnvLookup& env,
                                  bool require_secrets) {
  return common::LoadValidatedConfig(
      GatewayConfigSchema(), source, env,
      [require_secrets](const Config& c) { return ValidateConfig(c, require_secrets); });
}

msc3079::ClientApiVersion ApiVersion(const Config& config) {
  return config.matrix.api_version == "v3" ? msc3079::ClientApiVersion::kV3
                                           : msc3079::ClientApiVersion::kR0;
}

}  // namespace mxedge::coap_gateway
