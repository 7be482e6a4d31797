#pragma once
// The irc-worker's configuration: defaults here < `--config` YAML < MXEDGE_* environment. Secrets
// (the internal gRPC token, server passwords) come only from the environment or from files named
// by MXEDGE_<KEY>_FILE. Unknown keys and out-of-range values are errors naming the key.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "mxedge/common/config_loader.hpp"
#include "mxedge/common/environment.hpp"

namespace mxedge::irc_worker {

// SASL for the puppets of one network (see sasl_credentials.hpp for how credentials are found).
struct SaslConfig {
  std::string mechanism = "none";               // none | plain | external
  std::string account_template = "$LOCALPART";  // $LOCALPART, $NICK
  std::string password_source = "shared";       // shared | file
  std::string password;                         // secret: the shared password
  std::string password_dir;                     // file: <password_dir>/<account> holds its password
  bool required = true;  // a refused or missing login closes the connection (else continue)
};

// One IRC network this worker connects puppets to. `channels` are the static channel → room
// mappings "<#channel>=<!room_id>" every puppet joins on connect.
struct NetworkConfig {
  std::string id;  // [a-z0-9]{1,32}, as the router's irc.networks ids
  std::string host = "127.0.0.1";
  int port = 6667;
  bool tls = false;
  bool tls_verify = true;
  std::string tls_ca_file;            // PEM CA bundle trusted for this network; empty: system store
  std::string tls_client_cert_dir;    // <escaped mxid>.pem per user (client_certificate.hpp)
  std::string server_password;        // secret (PASS), empty for none
  double connect_rate = 5;            // new connections per second, all workers together
  int connect_burst = 10;             // connects allowed at once
  double flood_lines_per_second = 2;  // per connection
  int flood_burst = 5;                // lines sent at once before the rate applies
  int flood_queue_limit = 200;        // queued lines per connection before drops
  std::string nick_template = "$DISPLAY[m]";  // $DISPLAY (display name), $LOCALPART, $USERID
  std::string ghost_localpart_template = "irc_$NETWORK_$NICK";   // as the router's
  std::string bot_localpart = "irc_$NETWORK";                    // as the router's
  std::string portal_alias_template = "#irc_$NETWORK_$CHANNEL";  // as the router's
  std::string quit_message = "mxedge irc-worker shutting down";
  std::vector<std::string> channels;
  SaslConfig sasl;
  // Membership (see docs/irc.md §5).
  double ghost_join_rate = 5;   // ghosts joined per second after NAMES, ops first
  int quit_debounce_burst = 5;  // more QUITs than this in a second are held; 0: off
  std::chrono::milliseconds quit_debounce_hold{30'000};  // how long a held QUIT waits
  bool bot_leaves_when_puppets = false;  // the bot PARTs channels a puppet is in, rejoins after
  // Folding of channel names and nicks in keys shared by the workers (irc:nick, irc:recv, …):
  // ascii | rfc1459 | rfc1459-strict; the server's CASEMAPPING should agree (WARN when not).
  std::string casemapping = "rfc1459";
  // Messages (see docs/irc.md §5).
  int line_limit = 3;  // IRC lines per Matrix message before it is uploaded as a file
  std::string fallback_charset = "latin1";  // decoding of IRC lines that are not UTF-8
  std::chrono::milliseconds drop_matrix_messages_after{0};  // 0: never drop old Matrix events
  std::chrono::milliseconds media_link_ttl{7 * 24 * 3'600'000LL};  // lifetime of links for IRC
  // Network-facing identity (see docs/irc.md §3).
  std::chrono::milliseconds idle_timeout{48 * 3'600'000LL};  // nothing sent this long: QUIT; 0 off
  int max_connections = 0;  // puppets of this network on one worker; 0: no cap
  std::string bot_nick;     // the bridge bot's IRC nick; empty: its localpart (irc_<id>)
  std::chrono::milliseconds coalesce_window{0};  // one nick's consecutive lines → one event; 0: off
};

struct Config {
  struct Worker {
    std::string id;  // empty: the host name
    int64_t capacity = 10'000;
    int threads = 2;  // IRC event loops
  } worker;

  struct Grpc {
    std::string listen = "0.0.0.0:50052";
    // host:port the router reaches this worker on; empty: the pod IP (MXEDGE_POD_IP) with the
    // bound port, else 127.0.0.1 with the bound port.
    std::string advertised_address;
    // Advertise "<host name>:<bound port>" instead (docker-compose replicas, whose host name is
    // their container id and resolves on the compose network).
    bool advertise_hostname = false;
    std::string internal_token;  // secret shared by the suite's services
  } grpc;

  struct Admin {
    std::string listen_address = "0.0.0.0";
    int port = 9102;
  } admin;

  struct Redis {
    std::string url = "redis://127.0.0.1:6379";
    std::string key_prefix = "mxedge:";
    std::chrono::milliseconds command_timeout{2'000};
    std::chrono::milliseconds connect_timeout{1'000};
    // secret: the SecretBox key of the passwords users store with !storepass (32 bytes or their
    // base64); empty: storing passwords is disabled.
    std::string encryption_key;
  } redis;

  struct Router {
    std::string matrix_out_address = "127.0.0.1:50054";
    std::chrono::milliseconds request_timeout{10'000};
  } router;

  struct Homeserver {
    std::string server_name = "localhost";  // the part after ':' of ghost user ids
  } homeserver;

  struct Ownership {
    std::chrono::milliseconds owner_timeout{30'000};
    std::chrono::milliseconds self_fence{25'000};
    std::chrono::milliseconds heartbeat_interval{3'000};
    std::chrono::milliseconds claim_grace{10'000};
    std::chrono::milliseconds receiver_lease{30'000};
    std::chrono::milliseconds replay_window{45'000};
  } ownership;

  struct Drain {
    std::chrono::milliseconds timeout{20'000};
    double rebalance_per_second = 5;
  } drain;

  struct Bridge {
    // Bridge admins: user ids or globs with '*' ("@*:example.org"): !cmd, and !plumb/!unlink
    // without the room's power level.
    std::vector<std::string> admins;
  } bridge;

  struct Ident {
    std::string listen;  // RFC 1413 listener host:port (e.g. 0.0.0.0:113); empty: off
    std::chrono::milliseconds timeout{10'000};      // from accept to answer
    int max_concurrent = 64;                        // clients served at once
    std::chrono::milliseconds record_ttl{600'000};  // irc:ident records, refreshed at a third
  } ident;

  std::vector<NetworkConfig> networks;

  std::string log_level = "info";
};

// The schema behind LoadConfig and --help.
const common::ConfigSchema<Config>& WorkerConfigSchema();

// Loads and validates. Errors are kInvalidArgument naming the key. `require_secrets` is false for
// --check-config without the environment of a deployment and for --help.
absl::StatusOr<Config> LoadConfig(const common::ConfigSource& source, const common::EnvLookup& env,
                                  bool require_secrets = true);

// Checks relations the schema cannot express (durations, templates, mappings, secrets present).
absl::Status ValidateConfig(const Config& config, bool require_secrets);

// `worker.id`, or the host name when empty (lower-cased, characters outside [a-z0-9._-] as '-').
std::string EffectiveWorkerId(const Config& config);

// The advertised gRPC address: `grpc.advertised_address`, else `<host name>:<bound_port>` with
// `grpc.advertise_hostname`, else `<pod_ip>:<bound_port>` when `pod_ip` is set, else
// `127.0.0.1:<bound_port>`.
std::string EffectiveAdvertisedAddress(const Config& config, const std::string& pod_ip,
                                       int bound_port);

}  // namespace mxedge::irc_worker
