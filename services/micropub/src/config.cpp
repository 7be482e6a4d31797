#include "config.hpp"

#include <vector>

#include "mxedge/common/secret_box.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/redis/redis_url.hpp"

namespace mxedge::micropub {
namespace {

using Ms = std::chrono::milliseconds;

common::ConfigSchema<Config> BuildSchema() {
  common::ConfigSchema<Config> s;
  s.String(
      "public_base_url", [](Config & c) -> auto& { return c.public_base_url; },
      "Public origin (http(s)://host[:port], no path): client_id is <origin>/.");
  s.String(
       "http.listen_address", [](Config & c) -> auto& { return c.http.listen_address; },
       "Listen address of the client metadata page and the IndieAuth redirect endpoint.")
      .Int(
          "http.port", [](Config & c) -> auto& { return c.http.port; }, 0, 65535,
          "HTTP listen port; 0 picks a free one.");
  s.String(
       "grpc.listen", [](Config & c) -> auto& { return c.grpc.listen; },
       "host:port of the EventSink gRPC server the router calls.")
      .Secret(
          "grpc.internal_token", [](Config & c) -> auto& { return c.grpc.internal_token; },
          "Token the suite's services present to each other.");
  s.String(
       "router.matrix_out_address", [](Config & c) -> auto& { return c.router.matrix_out_address; },
       "gRPC address of the router's MatrixOut service.")
      .Duration(
          "router.deadline", [](Config & c) -> auto& { return c.router.deadline; },
          "Deadline of one MatrixOut call.", Ms(100), Ms(600'000));
  s.String(
       "redis.url", [](Config & c) -> auto& { return c.redis.url; },
       "redis://[:password@]host:port[/db] of the state store.")
      .String(
          "redis.key_prefix", [](Config & c) -> auto& { return c.redis.key_prefix; },
          "Prefix of every Redis key.")
      .Secret(
          "redis.encryption_key", [](Config & c) -> auto& { return c.redis.encryption_key; },
          "32-byte key (base64) sealing tokens and pending logins in Redis.");
  s.String(
       "bot.user_id", [](Config & c) -> auto& { return c.bot.user_id; },
       "The bot's Matrix user id (in the router's namespace).")
      .String(
          "bot.scope", [](Config & c) -> auto& { return c.bot.scope; },
          "IndieAuth scopes asked for when a user links a site.")
      .Bool(
          "bot.reactions_as_likes", [](Config & c) -> auto& { return c.bot.reactions_as_likes; },
          "A reaction to a posted message becomes a like-of post.")
      .Bool(
          "bot.url_only_as_bookmark",
          [](Config & c) -> auto& { return c.bot.url_only_as_bookmark; },
          "A message that is only a URL becomes a bookmark-of post.");
  s.Duration(
       "web.timeout", [](Config & c) -> auto& { return c.web.timeout; },
       "Timeout of one request to a user's site or its endpoints.", Ms(100), Ms(300'000))
      .Bool(
          "web.allow_loopback_for_tests",
          [](Config & c) -> auto& { return c.web.allow_loopback_for_tests; },
          "Tests only: allow loopback addresses, IP hosts and ports in site URLs.");
  s.Int(
       "limits.posts_per_hour", [](Config & c) -> auto& { return c.limits.posts_per_hour; }, 1,
       1'000'000, "Posts a Matrix user may make per hour (refilled continuously).")
      .Int(
          "limits.post_burst", [](Config & c) -> auto& { return c.limits.post_burst; }, 1, 10'000,
          "Posts a Matrix user may make at once before the hourly rate applies.")
      .Int(
          "limits.site_concurrency", [](Config & c) -> auto& { return c.limits.site_concurrency; },
          1, 1'000, "Micropub requests in flight to one site (endpoint host).")
      .Duration(
          "limits.site_wait", [](Config & c) -> auto& { return c.limits.site_wait; },
          "Wait for a free request slot of a site before the event is retried later.", Ms(0),
          Ms(600'000))
      .Duration(
          "limits.refresh_skew", [](Config & c) -> auto& { return c.limits.refresh_skew; },
          "A token expiring within this is refreshed before use.", Ms(0), Ms(86'400'000));
  s.String(
       "admin.listen_address", [](Config & c) -> auto& { return c.admin.listen_address; },
       "Admin (health, metrics) listen address.")
      .Int(
          "admin.port", [](Config & c) -> auto& { return c.admin.port; }, 0, 65535,
          "Admin listen port; 0 picks a free one.");
  s.Enum("log.level", &Config::log_level, {"debug", "info", "warn", "error"}, "Log level.");
  return s;
}

// "http(s)://host[:port]" with nothing after the authority but an optional "/".
absl::Status CheckBaseUrl(std::string_view url) {
  std::string_view rest = url;
  if (rest.starts_with("https://")) {
    rest.remove_prefix(8);
  } else if (rest.starts_with("http://")) {
    rest.remove_prefix(7);
  } else {
    return absl::InvalidArgumentError(
        common::Cat("public_base_url: \"", url, "\": must start with http:// or https://"));
  }
  if (!rest.empty() && rest.back() == '/') {
    rest.remove_suffix(1);
  }
  if (rest.empty() || rest.find_first_of("/?#@ ") != std::string_view::npos) {
    return absl::InvalidArgumentError(
        common::Cat("public_base_url: \"", url, "\": must be an origin without path or query"));
  }
  return absl::OkStatus();
}

// "host:port" or "[v6]:port" with a port in 1..65535.
absl::Status CheckHostPort(std::string_view key, std::string_view value) {
  const size_t colon = value.rfind(':');
  std::string_view host = colon == std::string_view::npos ? "" : value.substr(0, colon);
  const std::string_view port = colon == std::string_view::npos ? "" : value.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  int number = 0;
  const bool digits = !port.empty() && port.size() <= 5 &&
                      port.find_first_not_of("0123456789") == std::string_view::npos;
  if (digits) {
    for (char c : port) {
      number = number * 10 + (c - '0');
    }
  }
  if (host.empty() || host.find_first_of("/ ") != std::string_view::npos || !digits || number < 1 ||
      number > 65535) {
    return absl::InvalidArgumentError(
        common::Cat(key, ": \"", value, "\": expected host:port with a port in 1..65535"));
  }
  return absl::OkStatus();
}

std::string Origin(const Config& config) {
  std::string origin = config.public_base_url;
  if (!origin.empty() && origin.back() == '/') {
    origin.pop_back();
  }
  return origin;
}

}  // namespace

const common::ConfigSchema<Config>& MicropubConfigSchema() {
  static const common::ConfigSchema<Config>* const schema =
      new common::ConfigSchema<Config>(BuildSchema());
  return *schema;
}

absl::Status ValidateConfig(const Config& config, bool require_secrets) {
  std::vector<std::string> errors;
  if (absl::Status s = CheckBaseUrl(config.public_base_url); !s.ok()) {
    errors.emplace_back(s.message());
  }
  if (absl::Status s = CheckHostPort("grpc.listen", config.grpc.listen); !s.ok()) {
    errors.emplace_back(s.message());
  }
  if (absl::Status s = CheckHostPort("router.matrix_out_address", config.router.matrix_out_address);
      !s.ok()) {
    errors.emplace_back(s.message());
  }
  if (absl::StatusOr<redis::RedisUrl> url = redis::ParseRedisUrl(config.redis.url); !url.ok()) {
    errors.push_back(common::Cat("redis.url: ", url.status().message()));
  }
  const std::string& user = config.bot.user_id;
  if (user.size() < 4 || user.front() != '@' || user.find(':') == std::string::npos ||
      user.find(':') == 1 || user.find(':') + 1 == user.size()) {
    errors.push_back(common::Cat("bot.user_id: \"", user, "\": expected @localpart:server"));
  }
  if (config.bot.scope.find("create") == std::string::npos) {
    errors.push_back("bot.scope: must include \"create\"");
  }
  if (require_secrets && config.grpc.internal_token.empty()) {
    errors.push_back("grpc.internal_token: required (MXEDGE_GRPC_INTERNAL_TOKEN)");
  }
  if (require_secrets && config.redis.encryption_key.empty()) {
    errors.push_back("redis.encryption_key: required (MXEDGE_REDIS_ENCRYPTION_KEY)");
  } else if (!config.redis.encryption_key.empty()) {
    if (absl::StatusOr<common::SecretBox> box =
            common::SecretBox::Create(config.redis.encryption_key);
        !box.ok()) {
      errors.push_back(common::Cat("redis.encryption_key: ", box.status().message()));
    }
  }
  return common::ConfigErrorsStatus(errors);
}

absl::StatusOr<Config> LoadConfig(const common::ConfigSource& source, const common::EnvLookup& env,
                                  bool require_secrets) {
  return common::LoadValidatedConfig(
      MicropubConfigSchema(), source, env,
      [require_secrets](const Config& c) { return ValidateConfig(c, require_secrets); });
}

std::string ClientId(const Config& config) { return Origin(config) + "/"; }

std::string RedirectUri(const Config& config) {
  return Origin(config) + std::string(kRedirectPath);
}

}  // namespace mxedge::micropub
