// Feeds arbitrary bytes as the YAML config of a schema that uses every key kind, with a fixed
// environment. Loading must return a status, never crash, hang or leak an exception.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "mxedge/common/check.hpp"
#include "mxedge/common/config_loader.hpp"

namespace {

using mxedge::common::ConfigSchema;

struct Network {
  std::string name;
  std::string host;
  uint16_t port = 6697;
  bool tls = true;
  std::string password;
  std::vector<std::string> channels;
};

struct Config {
  std::string redis_url = "redis://127.0.0.1:6379";
  uint16_t port = 8080;
  int64_t max_body = 1 << 20;
  bool debug = false;
  double ratio = 0.5;
  std::chrono::milliseconds timeout{30000};
  std::string log_level = "info";
  std::vector<std::string> admins;
  std::string hs_token;
  std::vector<Network> networks;
};

const ConfigSchema<Config>& Schema() {
  static const ConfigSchema<Config> schema = [] {
    ConfigSchema<Network> network;
    network.String("name", &Network::name, "Network id.")
        .String("host", &Network::host, "Server host.")
        .Required()
        .Int("port", &Network::port, 1, 65535, "Server port.")
        .Bool("tls", &Network::tls, "Use TLS.")
        .Secret("password", &Network::password, "Server password.")
        .StringList("channels", &Network::channels, "Channels to join.");
    ConfigSchema<Config> s;
    s.String("redis.url", &Config::redis_url, "Redis address.")
        .Int("http.port", &Config::port, 1, 65535, "Listen port.")
        .Int("http.max_body_bytes", &Config::max_body, 1, int64_t{1} << 30, "Body limit.")
        .Bool("debug", &Config::debug, "Debug mode.")
        .Double("sample_ratio", &Config::ratio, 0.0, 1.0, "Sampling ratio.")
        .Duration("homeserver.timeout", &Config::timeout, "Request timeout.")
        .Enum("log.level", &Config::log_level, {"debug", "info", "warn", "error"}, "Log level.")
        .StringList("admins", &Config::admins, "Admin user ids.")
        .Secret("hs_token", &Config::hs_token, "Homeserver token.")
        .List("irc.networks", &Config::networks, network, "name", "IRC networks.");
    return s;
  }();
  return schema;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const mxedge::common::EnvLookup env = mxedge::common::MapEnvironment(
      {{"MXEDGE_HS_TOKEN", "token"}, {"MXEDGE_IRC_NETWORKS_LIBERA_PASSWORD", "pw"}});
  Config config;
  const Config defaults;
  mxedge::common::ConfigSource source;
  source.text = std::string(reinterpret_cast<const char*>(data), size);
  source.text_name = "fuzz.yaml";
  const absl::Status status = Schema().Load(config, source, env);
  if (!status.ok()) {
    // A failed load leaves the defaults untouched and always says why.
    MXEDGE_CHECK(!status.message().empty());
    MXEDGE_CHECK(config.port == defaults.port && config.redis_url == defaults.redis_url);
  } else {
    MXEDGE_CHECK(config.hs_token == "token");
    MXEDGE_CHECK(config.port >= 1);
  }
  return 0;
}
