#pragma once
// The router's configuration: defaults here < `--config` YAML < MXEDGE_* environment. Secrets
// (tokens, keys) come only from the environment or from files named by MXEDGE_<KEY>_FILE.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "mxedge/common/config_loader.hpp"
#include "mxedge/common/environment.hpp"

namespace mxedge::appservice_router {

// One IRC network bridged by the irc-workers. Templates use $NETWORK (the id), $NICK and
// $CHANNEL (the channel name without its leading '#').
struct IrcNetworkConfig {
  std::string id;           // [a-z0-9]+, used in templates, keys and env names
  std::string server_name;  // display name, e.g. "Libera.Chat"
  std::string ghost_localpart_template = "irc_$NETWORK_$NICK";
  std::string portal_alias_template = "#irc_$NETWORK_$CHANNEL";
  std::string bot_localpart = "irc_$NETWORK";
  bool receive_ephemeral = false;  // typing, receipts, presence are delivered to this network
};

struct Config {
  struct Homeserver {
    std::string url = "http://127.0.0.1:8008";
    std::string server_name = "localhost";
    std::string as_token;  // secret: what we send to the homeserver
    std::string hs_token;  // secret: what the homeserver sends to us
    std::chrono::milliseconds request_timeout{30'000};
    std::chrono::milliseconds connect_timeout{5'000};
  } homeserver;

  struct Appservice {
    std::string id = "mxedge";
    std::string sender_localpart = "mxedge";
    std::string url = "http://127.0.0.1:9000";  // where the homeserver reaches the AS API
  } appservice;

  struct Http {
    std::string listen_address = "0.0.0.0";
    uint16_t port = 9000;
    int64_t max_body_bytes = int64_t{64} << 20;
    int threads = 2;
  } http;

  struct Admin {
    std::string listen_address = "0.0.0.0";
    uint16_t port = 9101;
  } admin;

  struct Redis {
    std::string url = "redis://127.0.0.1:6379";
    int pool_size = 8;
    std::chrono::milliseconds command_timeout{2'000};
    std::chrono::milliseconds connect_timeout{1'000};
  } redis;

  struct Intake {
    int workers = 4;  // threads that wait for Redis so Pistache threads never block
    std::chrono::milliseconds txn_marker_ttl{24 * 3600 * 1000};
  } intake;

  struct Dispatch {
    int shards = 16;  // fixed per deployment: changing it remaps rooms to shards
    int max_attempts = 10;
    std::chrono::milliseconds backoff_min{1'000};
    std::chrono::milliseconds backoff_max{300'000};
    int batch_size = 100;
    std::chrono::milliseconds shard_lease_ttl{15'000};
    std::chrono::milliseconds heartbeat_interval{3'000};
    std::string router_id;  // empty: <hostname>-<pid>
  } dispatch;

  struct Sinks {
    std::string micropub_address;  // gRPC host:port of the micropub service; empty: none
  } sinks;

  struct Grpc {
    std::string client_api_listen = "0.0.0.0:50051";
    std::string matrix_out_listen = "0.0.0.0:50054";
    std::string internal_token;  // secret shared by the suite's services
  } grpc;

  struct Media {
    std::string signing_key;  // secret
    std::chrono::milliseconds link_ttl{24 * 3600 * 1000};
    std::string public_base_url;  // e.g. https://bridge.example.org; empty: links disabled
  } media;

  struct Micropub {
    std::string bot_localpart = "micropub";
    bool receive_ephemeral = false;
  } micropub;

  std::vector<IrcNetworkConfig> irc_networks;

  std::string log_level = "info";
};

// The schema behind LoadConfig and --help.
const common::ConfigSchema<Config>& RouterConfigSchema();

// Loads and validates. Errors are kInvalidArgument naming the key. `require_secrets` is false for
// commands that need no tokens (generate-registration, --help).
absl::StatusOr<Config> LoadConfig(const common::ConfigSource& source, const common::EnvLookup& env,
                                  bool require_secrets = true);

// Checks relations the schema cannot express (templates, unique localparts, secrets present).
absl::Status ValidateConfig(const Config& config, bool require_secrets);

// `dispatch.router_id`, or <hostname>-<pid> when empty.
std::string EffectiveRouterId(const Config& config);

}  // namespace mxedge::appservice_router
