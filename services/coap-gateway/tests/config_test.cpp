#include "config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace mxedge::coap_gateway {
namespace {

using ::testing::HasSubstr;

common::ConfigSource Text(std::string yaml) {
  common::ConfigSource source;
  source.text = std::move(yaml);
  return source;
}

// The token plus a PSK, so the default DTLS listener has credentials.
common::EnvLookup Env(std::map<std::string, std::string, std::less<>> extra = {}) {
  extra.emplace("MXEDGE_GRPC_INTERNAL_TOKEN", "internal-secret");
  extra.emplace("MXEDGE_DTLS_PSKS", "phone:00112233445566778899aabbccddeeff\n");
  return common::MapEnvironment(std::move(extra));
}

TEST(LoadConfigTest, DefaultsMatchTheDocumentedPortsAndWindows) {
  absl::StatusOr<Config> config = LoadConfig(Text(""), Env());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->listen.dtls, "0.0.0.0:5684");
  EXPECT_EQ(config->listen.plain, "127.0.0.1:5683");
  EXPECT_EQ(config->admin.port, 9100);
  EXPECT_EQ(config->coap.piggyback_window, std::chrono::seconds(1));
  EXPECT_FALSE(config->dtls.session_tickets);
  EXPECT_EQ(config->router.deadline, std::chrono::seconds(60));
  EXPECT_EQ(config->matrix.cbor_enum_version, 1);
  EXPECT_EQ(ApiVersion(*config), msc3079::ClientApiVersion::kR0);
  EXPECT_EQ(config->grpc.internal_token, "internal-secret");
  EXPECT_THAT(config->dtls.psks, HasSubstr("phone:"));
}

TEST(LoadConfigTest, ShippedConfigYamlLoadsWithTheDefaults) {
  common::ConfigSource source;
  source.file_path = std::string(MXEDGE_SERVICE_SOURCE_DIR) + "/config.yaml";
  absl::StatusOr<Config> shipped = LoadConfig(source, Env());
  absl::StatusOr<Config> defaults = LoadConfig(Text(""), Env());
  ASSERT_TRUE(shipped.ok()) << shipped.status();
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(shipped->listen.dtls, defaults->listen.dtls);
  EXPECT_EQ(shipped->router.deadline, defaults->router.deadline);
  EXPECT_EQ(shipped->observe.poll_timeout, defaults->observe.poll_timeout);
  EXPECT_EQ(shipped->coap.exchange_lifetime, defaults->coap.exchange_lifetime);
  EXPECT_EQ(shipped->sessions.idle_timeout, defaults->sessions.idle_timeout);
  EXPECT_EQ(shipped->sync.timeline_limit, defaults->sync.timeline_limit);
  EXPECT_EQ(shipped->dtls.session_tickets, defaults->dtls.session_tickets);
  EXPECT_EQ(shipped->log_level, defaults->log_level);
}

TEST(LoadConfigTest, ShippedConfigYamlMentionsEveryKey) {
  std::ifstream in(std::string(MXEDGE_SERVICE_SOURCE_DIR) + "/config.yaml");
  std::stringstream text;
  text << in.rdbuf();
  const std::string yaml = text.str();
  ASSERT_FALSE(yaml.empty());
  std::stringstream help(GatewayConfigSchema().Describe());
  std::string line;
  int keys = 0;
  while (std::getline(help, line)) {
    // Key lines are "  <key>  (<type>...", descriptions are indented further.
    if (line.size() < 3 || line[0] != ' ' || line[1] != ' ' || line[2] == ' ') {
      continue;
    }
    std::string key = line.substr(2, line.find(' ', 2) - 2);
    std::string leaf = key.substr(key.rfind('.') + 1);
    ++keys;
    EXPECT_NE(yaml.find(leaf + ":"), std::string::npos) << key << " is not in config.yaml";
  }
  EXPECT_GE(keys, 25);
}

TEST(LoadConfigTest, EnvironmentOverridesTheFile) {
  absl::StatusOr<Config> config =
      LoadConfig(Text("router:\n  address: 10.0.0.1:50051\nmatrix:\n  api_version: v3\n"),
                 Env({{"MXEDGE_ROUTER_ADDRESS", "router:50051"}}));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->router.address, "router:50051");
  EXPECT_EQ(ApiVersion(*config), msc3079::ClientApiVersion::kV3);
}

TEST(LoadConfigTest, MissingTokenNamesTheKey) {
  absl::StatusOr<Config> config =
      LoadConfig(Text("listen:\n  dtls: \"\"\n"), common::MapEnvironment({}));
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("grpc.internal_token"));
  EXPECT_TRUE(LoadConfig(Text("listen:\n  dtls: \"\"\n"), common::MapEnvironment({}), false).ok());
}

TEST(LoadConfigTest, SecretsInTheFileAreRefused) {
  absl::StatusOr<Config> config = LoadConfig(Text("grpc:\n  internal_token: leaked\n"), Env());
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("grpc.internal_token"));
  config = LoadConfig(Text("dtls:\n  psks: \"a:00\"\n"), Env());
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("dtls.psks"));
}

TEST(LoadConfigTest, UnknownAndOutOfRangeKeysNameTheKey) {
  struct Case {
    std::string yaml;
    std::string key;
  };
  for (const Case& c : std::vector<Case>{
           {"coap:\n  piggyback_windw: 1s\n", "coap.piggyback_windw"},
           {"coap:\n  piggyback_window: 2s\n", "coap.piggyback_window"},
           {"coap:\n  block_size: 1024\n", "coap.block_size"},
           {"coap:\n  max_body_bytes: 10\n", "coap.max_body_bytes"},
           {"matrix:\n  api_version: v2\n", "matrix.api_version"},
           {"matrix:\n  cbor_enum_version: 2\n", "matrix.cbor_enum_version"},
           {"sessions:\n  max_total: 0\n", "sessions.max_total"},
           {"sessions:\n  max_total: 4\n  max_per_source: 8\n", "sessions.max_per_source"},
           {"observe:\n  poll_timeout: 70s\n", "observe.poll_timeout"},
           {"admin:\n  port: 70000\n", "admin.port"},
           {"log:\n  level: loud\n", "log.level"},
       }) {
    absl::StatusOr<Config> config = LoadConfig(Text(c.yaml), Env());
    ASSERT_FALSE(config.ok()) << c.yaml;
    EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(config.status().message(), HasSubstr(c.key)) << c.yaml;
  }
}

TEST(LoadConfigTest, DtlsNeedsCredentials) {
  absl::StatusOr<Config> none =
      LoadConfig(Text(""), common::MapEnvironment({{"MXEDGE_GRPC_INTERNAL_TOKEN", "t"}}));
  ASSERT_FALSE(none.ok());
  EXPECT_THAT(none.status().message(), HasSubstr("listen.dtls needs dtls.cert_file"));

  absl::StatusOr<Config> half = LoadConfig(Text("dtls:\n  cert_file: /c.pem\n"), Env());
  ASSERT_FALSE(half.ok());
  EXPECT_THAT(half.status().message(), HasSubstr("dtls.key_file: required with dtls.cert_file"));

  absl::StatusOr<Config> pki =
      LoadConfig(Text("dtls:\n  cert_file: /c.pem\n  key_file: /k.pem\n"),
                 common::MapEnvironment({{"MXEDGE_GRPC_INTERNAL_TOKEN", "t"}}));
  EXPECT_TRUE(pki.ok()) << pki.status();

  absl::StatusOr<Config> plain_only =
      LoadConfig(Text("listen:\n  dtls: \"\"\n"),
                 common::MapEnvironment({{"MXEDGE_GRPC_INTERNAL_TOKEN", "t"}}));
  EXPECT_TRUE(plain_only.ok()) << plain_only.status();
}

TEST(LoadConfigTest, PlainCoapOnlyOnLoopback) {
  absl::StatusOr<Config> config = LoadConfig(Text("listen:\n  plain: 0.0.0.0:5683\n"), Env());
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("listen.plain"));
  EXPECT_THAT(config.status().message(), HasSubstr("loopback"));
  EXPECT_TRUE(LoadConfig(Text("listen:\n  plain: \"[::1]:5683\"\n"), Env()).ok());
  EXPECT_TRUE(LoadConfig(Text("listen:\n  plain: 127.0.0.2:15683\n"), Env()).ok());
}

TEST(LoadConfigTest, NothingToListenOnIsAnError) {
  absl::StatusOr<Config> config = LoadConfig(Text("listen:\n  dtls: \"\"\n  plain: \"\"\n"), Env());
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("both listen.dtls and listen.plain are off"));
}

TEST(ParseListenAddressTest, AcceptsIpv4Ipv6AndLocalhost) {
  absl::StatusOr<ListenAddress> v4 = ParseListenAddress("listen.dtls", "0.0.0.0:5684");
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->host, "0.0.0.0");
  EXPECT_EQ(v4->port, 5684);
  absl::StatusOr<ListenAddress> v6 = ParseListenAddress("listen.dtls", "[::]:8008");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::");
  EXPECT_EQ(v6->port, 8008);
  absl::StatusOr<ListenAddress> local = ParseListenAddress("listen.plain", "localhost:5683");
  ASSERT_TRUE(local.ok());
  EXPECT_EQ(local->host, "127.0.0.1");
}

TEST(ParseListenAddressTest, RejectsMalformedAddressesNamingTheKey) {
  for (const char* text : {"5684", ":5684", "0.0.0.0:", "0.0.0.0:65536", "0.0.0.0:-1", "0.0.0.0:0",
                           "0.0.0.0:56a", "::1:5683", "[::1]5683", "[::1", "example.org:5684"}) {
    absl::StatusOr<ListenAddress> a = ParseListenAddress("listen.dtls", text);
    ASSERT_FALSE(a.ok()) << text;
    EXPECT_THAT(a.status().message(), HasSubstr("listen.dtls: ")) << text;
  }
}

}  // namespace
}  // namespace mxedge::coap_gateway
