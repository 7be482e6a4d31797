#include "config.hpp"

#include <unistd.h>

#include <array>

#include "absl/strings/str_cat.h"
#include "bot_identity.hpp"
#include "bridge_admins.hpp"
#include "channel_mapping.hpp"
#include "client_certificate.hpp"
#include "mxedge/bridge/charset.hpp"
#include "mxedge/common/secret_box.hpp"
#include "mxedge/irc/case_mapping.hpp"
#include "mxedge/ownership/owner_id.hpp"
#include "nick_template.hpp"
#include "sasl_credentials.hpp"

namespace mxedge::irc_worker {
namespace {

using Ms = std::chrono::milliseconds;

common::ConfigSchema<NetworkConfig> NetworkSchema() {
  common::ConfigSchema<NetworkConfig> s;
  s.String("id", &NetworkConfig::id, "Network id ([a-z0-9]{1,32}), as in the router's config.")
      .Required()
      .String("host", &NetworkConfig::host, "IRC server host name or address.")
      .Int("port", &NetworkConfig::port, 1, 65535, "IRC server port.")
      .Bool("tls", &NetworkConfig::tls, "Connect with TLS (SNI is the host).")
      .Bool("tls_verify", &NetworkConfig::tls_verify, "Verify the server certificate.")
      .String("tls_ca_file", &NetworkConfig::tls_ca_file,
              "PEM CA bundle to trust for this network's server (added to the worker's trust "
              "anchors); empty: the system store.")
      .String("tls_client_cert_dir", &NetworkConfig::tls_client_cert_dir,
              "Directory of per-user client certificates (CertFP): <escaped mxid>.pem with the "
              "certificate chain and key; empty: none.")
      .Secret("server_password", &NetworkConfig::server_password,
              "Server password sent as PASS; empty for none.")
      .Double("connect_rate", &NetworkConfig::connect_rate, 0.01, 10'000,
              "New connections per second to this network, all workers together.")
      .Int("connect_burst", &NetworkConfig::connect_burst, 1, 100'000,
           "Connections allowed at once before connect_rate applies.")
      .Double("flood_lines_per_second", &NetworkConfig::flood_lines_per_second, 0.01, 1'000,
              "Lines per second one connection sends once its burst is spent.")
      .Int("flood_burst", &NetworkConfig::flood_burst, 1, 1'000,
           "Lines one connection sends at once.")
      .Int("flood_queue_limit", &NetworkConfig::flood_queue_limit, 1, 100'000,
           "Lines queued per connection before new ones are refused.")
      .Double("ghost_join_rate", &NetworkConfig::ghost_join_rate, 0.1, 1'000,
              "Ghosts joined to a room per second after NAMES, ops first, then voiced users.")
      .Int("quit_debounce_burst", &NetworkConfig::quit_debounce_burst, 0, 100'000,
           "More QUITs than this within a second (a netsplit) are held; 0: off.")
      .Duration("quit_debounce_hold", &NetworkConfig::quit_debounce_hold,
                "How long a held QUIT waits; a nick that joins again in that time stays.",
                Ms(1'000), Ms(3'600'000))
      .Bool("bot_leaves_when_puppets", &NetworkConfig::bot_leaves_when_puppets,
            "The bridge bot's connection parts a mapped channel while a puppet is in it and "
            "rejoins when the last one leaves.")
      .String("casemapping", &NetworkConfig::casemapping,
              "Case folding of channel names and nicks in the keys the workers share: ascii, "
              "rfc1459 or rfc1459-strict, as the server's CASEMAPPING.")
      .String("nick_template", &NetworkConfig::nick_template,
              "Puppet nick: $DISPLAY (display name; the localpart when unknown), $LOCALPART, "
              "$USERID; with $DISPLAY or $LOCALPART.")
      .String("ghost_localpart_template", &NetworkConfig::ghost_localpart_template,
              "Localpart of an IRC user's Matrix ghost ($NETWORK, $NICK), as the router's.")
      .String("bot_localpart", &NetworkConfig::bot_localpart,
              "Localpart of the network's bridge bot ($NETWORK), as the router's.")
      .String("portal_alias_template", &NetworkConfig::portal_alias_template,
              "Alias of a channel's portal room (#...; $NETWORK, $CHANNEL), as the router's.")
      .String("quit_message", &NetworkConfig::quit_message, "QUIT message of a drain.")
      .Enum(
          "sasl.mechanism", [](NetworkConfig & n) -> auto& { return n.sasl.mechanism; },
          {"none", "plain", "external"},
          "SASL mechanism of the puppets: none, plain, or external (the client certificate).")
      .String(
          "sasl.account_template",
          [](NetworkConfig & n) -> auto& { return n.sasl.account_template; },
          "SASL account; $LOCALPART (the Matrix user's localpart), $NICK (the puppet's nick).")
      .Enum(
          "sasl.password_source", [](NetworkConfig & n) -> auto& { return n.sasl.password_source; },
          {"shared", "file"},
          "shared: sasl.password for every puppet; file: <sasl.password_dir>/<account>.")
      .Secret(
          "sasl.password", [](NetworkConfig & n) -> auto& { return n.sasl.password; },
          "The shared SASL password (password_source shared).")
      .String(
          "sasl.password_dir", [](NetworkConfig & n) -> auto& { return n.sasl.password_dir; },
          "Directory with one file per account holding its password (password_source file).")
      .Bool(
          "sasl.required", [](NetworkConfig & n) -> auto& { return n.sasl.required; },
          "A refused or missing SASL login closes the connection instead of continuing.")
      .StringList("channels", &NetworkConfig::channels,
                  "Static mappings \"<#channel>=<!room_id>\"; puppets join these channels.")
      .Int("line_limit", &NetworkConfig::line_limit, 1, 100,
           "IRC lines a Matrix message may take; longer ones are uploaded and previewed.")
      .String("fallback_charset", &NetworkConfig::fallback_charset,
              "Charset of IRC lines that are not UTF-8: latin1 or cp1252.")
      .Duration("drop_matrix_messages_after", &NetworkConfig::drop_matrix_messages_after,
                "Matrix messages older than this are not sent to IRC; 0s: off.", Ms(0),
                Ms(30LL * 24 * 3'600'000))
      .Duration("idle_timeout", &NetworkConfig::idle_timeout,
                "A puppet whose user sent nothing to IRC this long is QUIT until the user talks "
                "again; 0s: off.",
                Ms(0), Ms(365LL * 24 * 3'600'000))
      .Int("max_connections", &NetworkConfig::max_connections, 0, 1'000'000,
           "Puppet connections to this network on one worker; the one idle longest is closed "
           "to make room. 0: no cap.")
      .String("bot_nick", &NetworkConfig::bot_nick,
              "IRC nick of the network's bridge bot connection; empty: irc_<id>.")
      .Duration("media_link_ttl", &NetworkConfig::media_link_ttl,
                "How long the links IRC users get for files and long messages work.", Ms(60'000),
                Ms(365LL * 24 * 3'600'000))
      .Duration("coalesce_window", &NetworkConfig::coalesce_window,
                "Consecutive IRC lines of one nick within this window become one Matrix message; "
                "0s: off.",
                Ms(0), Ms(60'000));
  return s;
}

common::ConfigSchema<Config> BuildSchema() {
  common::ConfigSchema<Config> s;
  s.String(
       "worker.id", [](Config & c) -> auto& { return c.worker.id; },
       "This worker's id (no ':' or spaces); empty: the host name.")
      .Int(
          "worker.capacity", [](Config & c) -> auto& { return c.worker.capacity; }, 1, 1'000'000,
          "Connections this worker holds at most.")
      .Int(
          "worker.threads", [](Config & c) -> auto& { return c.worker.threads; }, 1, 64,
          "IRC event loops (one thread each).");
  s.String(
       "grpc.listen", [](Config & c) -> auto& { return c.grpc.listen; },
       "EventSink and IrcControl listen address; port 0 picks a free one.")
      .String(
          "grpc.advertised_address", [](Config & c) -> auto& { return c.grpc.advertised_address; },
          "host:port the router reaches this worker on; empty: MXEDGE_POD_IP or 127.0.0.1 with "
          "the bound port.")
      .Bool(
          "grpc.advertise_hostname", [](Config & c) -> auto& { return c.grpc.advertise_hostname; },
          "Advertise <host name>:<bound port> (docker-compose replicas).")
      .Secret(
          "grpc.internal_token", [](Config & c) -> auto& { return c.grpc.internal_token; },
          "Token the suite's services present to each other.");
  s.String(
       "admin.listen_address", [](Config & c) -> auto& { return c.admin.listen_address; },
       "Admin (health, metrics) listen address.")
      .Int(
          "admin.port", [](Config & c) -> auto& { return c.admin.port; }, 0, 65535,
          "Admin listen port; 0 picks a free one.");
  s.String(
       "redis.url", [](Config & c) -> auto& { return c.redis.url; },
       "redis://[user:password@]host:port[/db] or unix:///path.")
      .String(
          "redis.key_prefix", [](Config & c) -> auto& { return c.redis.key_prefix; },
          "Prefix of every key; the router must use the same.")
      .Duration(
          "redis.command_timeout", [](Config & c) -> auto& { return c.redis.command_timeout; },
          "Timeout of one Redis command.", Ms(10), Ms(60'000))
      .Duration(
          "redis.connect_timeout", [](Config & c) -> auto& { return c.redis.connect_timeout; },
          "Redis connect timeout.", Ms(10), Ms(60'000))
      .Secret(
          "redis.encryption_key", [](Config & c) -> auto& { return c.redis.encryption_key; },
          "Key (32 bytes or base64) sealing the passwords users store with !storepass; empty: "
          "storing passwords is disabled.");
  s.String(
       "router.matrix_out_address", [](Config & c) -> auto& { return c.router.matrix_out_address; },
       "gRPC address (host:port) of the router's MatrixOut.")
      .Duration(
          "router.request_timeout", [](Config & c) -> auto& { return c.router.request_timeout; },
          "Deadline of one MatrixOut call.", Ms(100), Ms(300'000));
  s.String(
      "homeserver.server_name", [](Config & c) -> auto& { return c.homeserver.server_name; },
      "The homeserver's server name (the part after ':' in ghost user ids).");
  auto o = [](Config& c) -> Config::Ownership& { return c.ownership; };
  s.Duration(
       "ownership.owner_timeout", [o](Config & c) -> auto& { return o(c).owner_timeout; },
       "A worker silent this long loses its connections to others.", Ms(100), Ms(3'600'000))
      .Duration(
          "ownership.self_fence", [o](Config & c) -> auto& { return o(c).self_fence; },
          "Cut off from Redis this long, the worker drops its connections itself.", Ms(50),
          Ms(3'600'000))
      .Duration(
          "ownership.heartbeat_interval",
          [o](Config & c) -> auto& { return o(c).heartbeat_interval; },
          "Heartbeat and reconcile period.", Ms(10), Ms(600'000))
      .Duration(
          "ownership.claim_grace", [o](Config & c) -> auto& { return o(c).claim_grace; },
          "How long an unowned connection waits for the worker ranked first before any worker "
          "with room claims it.",
          Ms(0), Ms(3'600'000))
      .Duration(
          "ownership.receiver_lease", [o](Config & c) -> auto& { return o(c).receiver_lease; },
          "Lease of a channel's receiver (irc:recv).", Ms(100), Ms(3'600'000))
      .Duration(
          "ownership.replay_window", [o](Config & c) -> auto& { return o(c).replay_window; },
          "How long received channel lines are kept for a receiver takeover replay.", Ms(100),
          Ms(3'600'000));
  s.Duration(
       "drain.timeout", [](Config & c) -> auto& { return c.drain.timeout; },
       "How long a drain waits for queues and echoes before QUIT; keep below the pod's "
       "terminationGracePeriodSeconds.",
       Ms(0), Ms(600'000))
      .Double(
          "drain.rebalance_per_second",
          [](Config & c) -> auto& { return c.drain.rebalance_per_second; }, 0.01, 10'000,
          "Connections per second IrcControl.Rebalance hands over.");
  s.StringList(
      "bridge.admins", [](Config & c) -> auto& { return c.bridge.admins; },
      "Bridge admins: user ids or globs with '*' (\"@*:example.org\"); they may use !cmd, and "
      "!plumb/!unlink without the room's power level.");
  s.String(
       "ident.listen", [](Config & c) -> auto& { return c.ident.listen; },
       "RFC 1413 (ident) listener, IP:port such as 0.0.0.0:113; empty: off (and no irc:ident "
       "records are written).")
      .Duration(
          "ident.timeout", [](Config & c) -> auto& { return c.ident.timeout; },
          "How long an ident client may take to send its query.", Ms(10), Ms(120'000))
      .Int(
          "ident.max_concurrent", [](Config & c) -> auto& { return c.ident.max_concurrent; }, 1,
          10'000, "Ident clients served at once; more are closed at once.")
      .Duration(
          "ident.record_ttl", [](Config & c) -> auto& { return c.ident.record_ttl; },
          "TTL of the irc:ident records (rewritten every third of it while connected).", Ms(3'000),
          Ms(86'400'000));
  s.List("networks", &Config::networks, NetworkSchema(), "id",
         "IRC networks; each element's keys can be set from MXEDGE_NETWORKS_<ID>_<KEY>.");
  s.Enum("log.level", &Config::log_level, {"debug", "info", "warn", "error"}, "Log level.");
  return s;
}

bool IsNetworkId(std::string_view id) {
  if (id.empty() || id.size() > 32) {
    return false;
  }
  for (char ch : id) {
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))) {
      return false;
    }
  }
  return true;
}

// host:port with a non-empty host and a port of 0..65535.
bool IsHostPort(std::string_view address) {
  const std::size_t colon = address.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == address.size() ||
      address.size() - colon - 1 > 5) {
    return false;
  }
  int port = 0;
  for (char ch : address.substr(colon + 1)) {
    if (ch < '0' || ch > '9') {
      return false;
    }
    port = port * 10 + (ch - '0');
  }
  return port <= 65535;
}

std::string SanitizeHostName(std::string_view host) {
  std::string id;
  for (char ch : host) {
    if (ch >= 'A' && ch <= 'Z') {
      id += static_cast<char>(ch - 'A' + 'a');
    } else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
               ch == '-') {
      id += ch;
    } else {
      id += '-';
    }
  }
  return id;
}

}  // namespace

const common::ConfigSchema<Config>& WorkerConfigSchema() {
  static const common::ConfigSchema<Config>* const schema =
      new common::ConfigSchema<Config>(BuildSchema());
  return *schema;
}

absl::Status ValidateConfig(const Config& config, bool require_secrets) {
  std::vector<std::string> errors;
  if (require_secrets && config.grpc.internal_token.empty()) {
    errors.push_back("grpc.internal_token: required (MXEDGE_GRPC_INTERNAL_TOKEN)");
  }
  if (!config.worker.id.empty()) {
    if (absl::Status s = ownership::ValidateOwnerId(config.worker.id); !s.ok()) {
      errors.push_back(absl::StrCat("worker.id: ", s.message()));
    }
  }
  if (!IsHostPort(config.grpc.listen)) {
    errors.push_back("grpc.listen: must be host:port");
  }
  if (!config.grpc.advertised_address.empty() && !IsHostPort(config.grpc.advertised_address)) {
    errors.push_back("grpc.advertised_address: must be host:port");
  }
  if (!IsHostPort(config.router.matrix_out_address)) {
    errors.push_back("router.matrix_out_address: must be host:port");
  }
  if (config.homeserver.server_name.empty()) {
    errors.push_back("homeserver.server_name: must not be empty");
  }
  const Config::Ownership& own = config.ownership;
  if (own.self_fence >= own.owner_timeout) {
    errors.push_back("ownership.self_fence: must be shorter than ownership.owner_timeout");
  }
  if (own.heartbeat_interval * 2 > own.self_fence) {
    errors.push_back("ownership.heartbeat_interval: must be at most half of ownership.self_fence");
  }
  if (own.replay_window <= own.receiver_lease) {
    errors.push_back("ownership.replay_window: must be longer than ownership.receiver_lease");
  }
  if (absl::StatusOr<BridgeAdmins> admins = BridgeAdmins::Parse(config.bridge.admins);
      !admins.ok()) {
    errors.push_back(absl::StrCat("bridge.admins: ", admins.status().message()));
  }
  if (!config.redis.encryption_key.empty()) {
    if (absl::StatusOr<common::SecretBox> box =
            common::SecretBox::Create(config.redis.encryption_key);
        !box.ok()) {
      errors.push_back(absl::StrCat("redis.encryption_key: ", box.status().message()));
    }
  }
  if (!config.ident.listen.empty() && !IsHostPort(config.ident.listen)) {
    errors.push_back("ident.listen: must be IP:port or empty");
  }
  if (config.networks.empty()) {
    errors.push_back("networks: at least one network is needed");
  }
  for (const NetworkConfig& net : config.networks) {
    const std::string key = absl::StrCat("networks[", net.id, "]");
    if (!IsNetworkId(net.id)) {
      errors.push_back(absl::StrCat(key, ".id: must be 1-32 characters of [a-z0-9]"));
      continue;
    }
    if (net.host.empty()) {
      errors.push_back(absl::StrCat(key, ".host: must not be empty"));
    }
    if (absl::StatusOr<bridge::PuppetNamer> nicks = ParseNickTemplate(net.nick_template);
        !nicks.ok()) {
      errors.push_back(absl::StrCat(key, ".nick_template: ", nicks.status().message()));
    }
    if (net.ghost_localpart_template.find("$NICK") == std::string::npos) {
      errors.push_back(absl::StrCat(key, ".ghost_localpart_template: must contain $NICK"));
    }
    if (absl::StatusOr<std::string> bot = RenderBotLocalpart(net.bot_localpart, net.id);
        !bot.ok()) {
      errors.push_back(absl::StrCat(key, ".bot_localpart: ", bot.status().message()));
    }
    if (absl::StatusOr<std::string> alias = PortalAliasLocalpartTemplate(net.portal_alias_template);
        !alias.ok()) {
      errors.push_back(absl::StrCat(key, ".portal_alias_template: ", alias.status().message()));
    }
    if (absl::StatusOr<irc::CaseMapping> mapping = irc::CaseMapping::Parse(net.casemapping);
        !mapping.ok()) {
      errors.push_back(absl::StrCat(key, ".casemapping: ", mapping.status().message()));
    }
    if (absl::StatusOr<bridge::FallbackCharset> c =
            bridge::ParseFallbackCharset(net.fallback_charset);
        !c.ok()) {
      errors.push_back(absl::StrCat(key, ".fallback_charset: ", c.status().message()));
    }
    for (std::string& error : SaslConfigErrors(net.sasl, key + ".sasl", require_secrets)) {
      errors.push_back(std::move(error));
    }
    for (std::string& error : ClientCertificateConfigErrors(net, key)) {
      errors.push_back(std::move(error));
    }
    if (absl::StatusOr<ChannelMapping> m = ChannelMapping::Parse(net.channels); !m.ok()) {
      errors.push_back(absl::StrCat(key, ".", m.status().message()));
    }
  }
  return common::ConfigErrorsStatus(errors);
}

absl::StatusOr<Config> LoadConfig(const common::ConfigSource& source, const common::EnvLookup& env,
                                  bool require_secrets) {
  return common::LoadValidatedConfig(
      WorkerConfigSchema(), source, env,
      [require_secrets](const Config& c) { return ValidateConfig(c, require_secrets); });
}

std::string EffectiveWorkerId(const Config& config) {
  if (!config.worker.id.empty()) {
    return config.worker.id;
  }
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0 || host[0] == '\0') {
    return absl::StrCat("irc-worker-", getpid());
  }
  return SanitizeHostName(host.data());
}

std::string EffectiveAdvertisedAddress(const Config& config, const std::string& pod_ip,
                                       int bound_port) {
  if (!config.grpc.advertised_address.empty()) {
    return config.grpc.advertised_address;
  }
  std::string host = pod_ip.empty() ? std::string("127.0.0.1") : pod_ip;
  if (config.grpc.advertise_hostname) {
    std::array<char, 256> name{};
    if (gethostname(name.data(), name.size() - 1) == 0 && name[0] != '\0') {
      host = name.data();
    }
  }
  if (host.find(':') != std::string::npos) {
    return absl::StrCat("[", host, "]:", bound_port);
  }
  return absl::StrCat(host, ":", bound_port);
}

}  // namespace mxedge::irc_worker
