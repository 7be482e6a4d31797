#pragma once
// micropub's configuration: defaults here < `--config` YAML < MXEDGE_* environment. Secrets (the
// internal token and the Redis encryption key) come only from the environment or from files
// named by MXEDGE_<KEY>_FILE (a mounted Secret).
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/common/config_loader.hpp"
#include "mxedge/common/environment.hpp"

namespace mxedge::micropub {

struct Config {
  // The service's public origin, e.g. "https://micropub.example.org": the IndieAuth client_id is
  // "<origin>/" and the redirect_uri "<origin>/indieauth/redirect".
  std::string public_base_url = "http://127.0.0.1:8090";

  struct Http {
    std::string listen_address = "0.0.0.0";
    std::uint16_t port = 8090;
  } http;

  struct Grpc {
    std::string listen = "0.0.0.0:50053";  // the EventSink the router calls
    std::string internal_token;            // secret shared by the suite's services
  } grpc;

  struct Router {
    std::string matrix_out_address = "127.0.0.1:50051";  // the router's MatrixOut (gRPC)
    std::chrono::milliseconds deadline{10'000};
  } router;

  struct Redis {
    std::string url = "redis://127.0.0.1:6379";
    std::string key_prefix = "mxedge:";
    std::string encryption_key;  // secret: 32 bytes, base64; seals tokens at rest
  } redis;

  struct Bot {
    std::string user_id = "@micropub:localhost";
    std::string scope = "create update delete undelete media";
    bool reactions_as_likes = true;
    bool url_only_as_bookmark = true;
  } bot;

  struct Web {
    std::chrono::milliseconds timeout{15'000};
    // Tests only: lets sites, IndieAuth and Micropub endpoints live on loopback addresses, IP
    // hosts and explicit ports.
    bool allow_loopback_for_tests = false;
  } web;

  struct Limits {
    int posts_per_hour = 120;  // per Matrix user, refilled continuously
    int post_burst = 20;       // posts a user may make at once
    int site_concurrency = 4;  // Micropub requests in flight per site (endpoint host)
    std::chrono::milliseconds site_wait{10'000};  // wait for a free slot, then retry later
    // A token expiring within this is refreshed before use (when there is a refresh token).
    std::chrono::milliseconds refresh_skew{60'000};
  } limits;

  struct Admin {
    std::string listen_address = "0.0.0.0";
    std::uint16_t port = 9103;
  } admin;

  std::string log_level = "info";
};

// The schema behind LoadConfig and --help.
const common::ConfigSchema<Config>& MicropubConfigSchema();

// Loads and validates. Errors are kInvalidArgument naming the key. `require_secrets` is false for
// --help / --check-config without secrets.
absl::StatusOr<Config> LoadConfig(const common::ConfigSource& source, const common::EnvLookup& env,
                                  bool require_secrets = true);

// Relations the schema cannot express: the base URL's shape, the bot's user id, secrets present.
absl::Status ValidateConfig(const Config& config, bool require_secrets);

// "<public_base_url>/" and "<public_base_url>/indieauth/redirect".
std::string ClientId(const Config& config);
std::string RedirectUri(const Config& config);

// The HTTP route of the redirect endpoint.
inline constexpr std::string_view kRedirectPath = "/indieauth/redirect";

}  // namespace mxedge::micropub
