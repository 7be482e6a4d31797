#include "config.hpp"

#include <unistd.h>

#include <array>
#include <set>
#include <string_view>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace mxedge::appservice_router {
namespace {

using Ms = std::chrono::milliseconds;

common::ConfigSchema<IrcNetworkConfig> IrcNetworkSchema() {
  common::ConfigSchema<IrcNetworkConfig> schema;
  schema.String("id", &IrcNetworkConfig::id, "Network id ([a-z0-9]+), used in templates and keys.")
      .Required()
      .String("server_name", &IrcNetworkConfig::server_name, "Display name of the network.")
      .String("ghost_localpart_template", &IrcNetworkConfig::ghost_localpart_template,
              "Localpart of an IRC user's Matrix ghost; must contain $NICK.")
      .String("portal_alias_template", &IrcNetworkConfig::portal_alias_template,
              "Alias (without :server) of a channel's portal room; must contain $CHANNEL.")
      .String("bot_localpart", &IrcNetworkConfig::bot_localpart,
              "Localpart of the network's bridge bot.")
      .Bool("receive_ephemeral", &IrcNetworkConfig::receive_ephemeral,
            "Deliver typing, receipts and presence to this network's workers.");
  return schema;
}

common::ConfigSchema<Config> BuildSchema() {
  common::ConfigSchema<Config> s;
  auto hs = [](Config& c) -> Config::Homeserver& { return c.homeserver; };
  s.String(
       "homeserver.url", [hs](Config & c) -> auto& { return hs(c).url; },
       "Client-Server API base URL of the homeserver.")
      .String(
          "homeserver.server_name", [hs](Config & c) -> auto& { return hs(c).server_name; },
          "The homeserver's server name (the part after ':' in user ids).")
      .Secret(
          "homeserver.as_token", [hs](Config & c) -> auto& { return hs(c).as_token; },
          "Token the router sends to the homeserver.")
      .Secret(
          "homeserver.hs_token", [hs](Config & c) -> auto& { return hs(c).hs_token; },
          "Token the homeserver sends to the router.")
      .Duration(
          "homeserver.request_timeout", [hs](Config & c) -> auto& { return hs(c).request_timeout; },
          "Timeout of one Client-Server API request.", Ms(100), Ms(600'000))
      .Duration(
          "homeserver.connect_timeout", [hs](Config & c) -> auto& { return hs(c).connect_timeout; },
          "TCP connect timeout towards the homeserver.", Ms(100), Ms(60'000));
  s.String(
       "appservice.id", [](Config & c) -> auto& { return c.appservice.id; }, "Registration id.")
      .String(
          "appservice.sender_localpart",
          [](Config & c) -> auto& { return c.appservice.sender_localpart; },
          "Localpart of the appservice's own user.")
      .String(
          "appservice.url", [](Config & c) -> auto& { return c.appservice.url; },
          "URL the homeserver uses to reach the AS API (written into the registration).");
  s.String(
       "http.listen_address", [](Config & c) -> auto& { return c.http.listen_address; },
       "AS API listen address.")
      .Int(
          "http.port", [](Config & c) -> auto& { return c.http.port; }, 1, 65535,
          "AS API listen port; 0 picks a free one.")
      .Int(
          "http.max_body_bytes", [](Config & c) -> auto& { return c.http.max_body_bytes; }, 1024,
          int64_t{1} << 30, "Largest accepted request body.")
      .Int(
          "http.threads", [](Config & c) -> auto& { return c.http.threads; }, 1, 64,
          "AS API server threads.");
  s.String(
       "admin.listen_address", [](Config & c) -> auto& { return c.admin.listen_address; },
       "Admin (health, metrics) listen address.")
      .Int(
          "admin.port", [](Config & c) -> auto& { return c.admin.port; }, 1, 65535,
          "Admin listen port; 0 picks a free one.");
  s.String(
       "redis.url", [](Config & c) -> auto& { return c.redis.url; },
       "redis://[user:password@]host:port[/db] or unix:///path.")
      .Int(
          "redis.pool_size", [](Config & c) -> auto& { return c.redis.pool_size; }, 1, 256,
          "Redis connections.")
      .Duration(
          "redis.command_timeout", [](Config & c) -> auto& { return c.redis.command_timeout; },
          "Timeout of one Redis command.", Ms(10), Ms(60'000))
      .Duration(
          "redis.connect_timeout", [](Config & c) -> auto& { return c.redis.connect_timeout; },
          "Redis connect timeout.", Ms(10), Ms(60'000));
  s.Int(
       "intake.workers", [](Config & c) -> auto& { return c.intake.workers; }, 1, 64,
       "Threads that store transactions in Redis.")
      .Duration(
          "intake.txn_marker_ttl", [](Config & c) -> auto& { return c.intake.txn_marker_ttl; },
          "How long a transaction id is remembered for retries.", Ms(60'000),
          Ms(7LL * 24 * 3600 * 1000));
  auto d = [](Config& c) -> Config::Dispatch& { return c.dispatch; };
  s.Int(
       "dispatch.shards", [d](Config & c) -> auto& { return d(c).shards; }, 1, 1024,
       "Intake shard streams; fixed per deployment.")
      .Int(
          "dispatch.max_attempts", [d](Config & c) -> auto& { return d(c).max_attempts; }, 1, 1000,
          "Deliveries of one event before it is parked in the dead-letter stream.")
      .Duration(
          "dispatch.backoff_min", [d](Config & c) -> auto& { return d(c).backoff_min; },
          "First retry delay of a room.", Ms(1), Ms(3'600'000))
      .Duration(
          "dispatch.backoff_max", [d](Config & c) -> auto& { return d(c).backoff_max; },
          "Largest retry delay of a room.", Ms(1), Ms(24 * 3'600'000))
      .Int(
          "dispatch.batch_size", [d](Config & c) -> auto& { return d(c).batch_size; }, 1, 10'000,
          "Entries read from a shard at once.")
      .Duration(
          "dispatch.shard_lease_ttl", [d](Config & c) -> auto& { return d(c).shard_lease_ttl; },
          "Lease of a router on a shard.", Ms(100), Ms(600'000))
      .Duration(
          "dispatch.heartbeat_interval",
          [d](Config & c) -> auto& { return d(c).heartbeat_interval; },
          "Router heartbeat and lease renewal period.", Ms(50), Ms(300'000))
      .String(
          "dispatch.router_id", [d](Config & c) -> auto& { return d(c).router_id; },
          "This router's id; empty: <hostname>-<pid>.");
  s.String(
      "sinks.micropub_address", [](Config & c) -> auto& { return c.sinks.micropub_address; },
      "gRPC address (host:port) of the micropub service; empty: no micropub sink.");
  s.String(
       "grpc.client_api_listen", [](Config & c) -> auto& { return c.grpc.client_api_listen; },
       "ClientApi gRPC listen address.")
      .String(
          "grpc.matrix_out_listen", [](Config & c) -> auto& { return c.grpc.matrix_out_listen; },
          "MatrixOut gRPC listen address.")
      .Secret(
          "grpc.internal_token", [](Config & c) -> auto& { return c.grpc.internal_token; },
          "Token the suite's services present to each other.");
  s.Secret(
       "media.signing_key", [](Config & c) -> auto& { return c.media.signing_key; },
       "Key signing public media links.")
      .Duration(
          "media.link_ttl", [](Config & c) -> auto& { return c.media.link_ttl; },
          "Lifetime of a public media link.", Ms(60'000), Ms(30LL * 24 * 3600 * 1000))
      .String(
          "media.public_base_url", [](Config & c) -> auto& { return c.media.public_base_url; },
          "Public base URL of the media links; empty: links disabled.");
  s.String(
       "micropub.bot_localpart", [](Config & c) -> auto& { return c.micropub.bot_localpart; },
       "Localpart of the micropub bot.")
      .Bool(
          "micropub.receive_ephemeral",
          [](Config & c) -> auto& { return c.micropub.receive_ephemeral; },
          "Deliver typing, receipts and presence to the micropub service.");
  s.List("irc.networks", &Config::irc_networks, IrcNetworkSchema(), "id",
         "IRC networks; each element's keys can be set from MXEDGE_IRC_NETWORKS_<ID>_<KEY>.");
  s.Enum("log.level", &Config::log_level, {"debug", "info", "warn", "error"}, "Log level.");
  return s;
}

bool IsLocalpartChar(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
         ch == '=' || ch == '-' || ch == '/' || ch == '+';
}

// A template with its $VARIABLES replaced by "x" must be a valid localpart.
bool TemplateIsLocalpart(std::string_view text) {
  std::string filled;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '$') {
      size_t end = i + 1;
      while (end < text.size() && text[end] >= 'A' && text[end] <= 'Z') {
        ++end;
      }
      if (end == i + 1) {
        return false;
      }
      filled += 'x';
      i = end - 1;
    } else {
      filled += text[i];
    }
  }
  if (filled.empty()) {
    return false;
  }
  for (char ch : filled) {
    if (!IsLocalpartChar(ch)) {
      return false;
    }
  }
  return true;
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

}  // namespace

const common::ConfigSchema<Config>& RouterConfigSchema() {
  static const common::ConfigSchema<Config>* const schema =
      new common::ConfigSchema<Config>(BuildSchema());
  return *schema;
}

absl::Status ValidateConfig(const Config& config, bool require_secrets) {
  std::vector<std::string> errors;
  if (require_secrets) {
    if (config.homeserver.as_token.empty()) {
      errors.push_back("homeserver.as_token: required (MXEDGE_HOMESERVER_AS_TOKEN)");
    }
    if (config.homeserver.hs_token.empty()) {
      errors.push_back("homeserver.hs_token: required (MXEDGE_HOMESERVER_HS_TOKEN)");
    }
    if (config.grpc.internal_token.empty()) {
      errors.push_back("grpc.internal_token: required (MXEDGE_GRPC_INTERNAL_TOKEN)");
    }
  }
  if (!absl::StartsWith(config.homeserver.url, "http://") &&
      !absl::StartsWith(config.homeserver.url, "https://")) {
    errors.push_back("homeserver.url: must start with http:// or https://");
  }
  if (!config.media.public_base_url.empty() && config.media.signing_key.empty()) {
    errors.push_back("media.signing_key: required when media.public_base_url is set");
  }
  if (config.homeserver.server_name.empty()) {
    errors.push_back("homeserver.server_name: must not be empty");
  }
  if (!TemplateIsLocalpart(config.appservice.sender_localpart)) {
    errors.push_back("appservice.sender_localpart: not a valid localpart");
  }
  if (config.appservice.id.empty()) {
    errors.push_back("appservice.id: must not be empty");
  }
  if (config.dispatch.backoff_min > config.dispatch.backoff_max) {
    errors.push_back("dispatch.backoff_min: larger than dispatch.backoff_max");
  }
  if (config.dispatch.heartbeat_interval >= config.dispatch.shard_lease_ttl) {
    errors.push_back("dispatch.heartbeat_interval: must be shorter than dispatch.shard_lease_ttl");
  }
  if (!config.micropub.bot_localpart.empty() &&
      (!TemplateIsLocalpart(config.micropub.bot_localpart) ||
       config.micropub.bot_localpart.find('$') != std::string::npos)) {
    errors.push_back("micropub.bot_localpart: not a valid localpart");
  }
  std::set<std::string> fixed_localparts = {config.appservice.sender_localpart};
  if (!config.micropub.bot_localpart.empty() &&
      !fixed_localparts.insert(config.micropub.bot_localpart).second) {
    errors.push_back("micropub.bot_localpart: same as appservice.sender_localpart");
  }
  for (const IrcNetworkConfig& net : config.irc_networks) {
    std::string key = absl::StrCat("irc.networks[", net.id, "]");
    if (!IsNetworkId(net.id)) {
      errors.push_back(absl::StrCat(key, ".id: must be 1-32 characters of [a-z0-9]"));
      continue;
    }
    if (!TemplateIsLocalpart(net.ghost_localpart_template) ||
        net.ghost_localpart_template.find("$NICK") == std::string::npos) {
      errors.push_back(
          absl::StrCat(key, ".ghost_localpart_template: must be a localpart with $NICK"));
    }
    const std::string& alias = net.portal_alias_template;
    if (!absl::StartsWith(alias, "#") || !TemplateIsLocalpart(alias.substr(1)) ||
        alias.find("$CHANNEL") == std::string::npos) {
      errors.push_back(
          absl::StrCat(key, ".portal_alias_template: must be #<localpart> with $CHANNEL"));
    }
    if (!TemplateIsLocalpart(net.bot_localpart) ||
        net.bot_localpart.find("$NICK") != std::string::npos ||
        net.bot_localpart.find("$CHANNEL") != std::string::npos) {
      errors.push_back(absl::StrCat(key, ".bot_localpart: must be a localpart (only $NETWORK)"));
    }
  }
  return common::ConfigErrorsStatus(errors);
}

absl::StatusOr<Config> LoadConfig(const common::ConfigSource& source, const common::EnvLookup& env,
                                  bool require_secrets) {
  return common::LoadValidatedConfig(
      RouterConfigSchema(), source, env,
      [require_secrets](const Config& c) { return ValidateConfig(c, require_secrets); });
}

std::string EffectiveRouterId(const Config& config) {
  if (!config.dispatch.router_id.empty()) {
    return config.dispatch.router_id;
  }
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0) {
    return absl::StrCat("router-", getpid());
  }
  return absl::StrCat(host.data(), "-", getpid());
}

}  // namespace mxedge::appservice_router
