#include "config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>

namespace mxedge::irc_worker {
namespace {

using ::testing::HasSubstr;
using Ms = std::chrono::milliseconds;

constexpr char kOneNetwork[] =
    "networks:\n"
    "  - id: local\n"
    "    host: irc.example.org\n"
    "    port: 6697\n"
    "    tls: true\n"
    "    channels: ['#mxedge=!room:example.org']\n";

common::ConfigSource Text(std::string yaml) {
  common::ConfigSource source;
  source.text = std::move(yaml);
  return source;
}

common::EnvLookup Secrets(std::map<std::string, std::string, std::less<>> extra = {}) {
  extra.emplace("MXEDGE_GRPC_INTERNAL_TOKEN", "internal-secret");
  return common::MapEnvironment(std::move(extra));
}

TEST(LoadConfigTest, DefaultsMatchTheDocumentedValues) {
  absl::StatusOr<Config> config = LoadConfig(Text(kOneNetwork), Secrets());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->admin.port, 9102);
  EXPECT_EQ(config->grpc.listen, "0.0.0.0:50052");
  EXPECT_EQ(config->router.matrix_out_address, "127.0.0.1:50054");
  EXPECT_EQ(config->ownership.owner_timeout, Ms(30'000));
  EXPECT_EQ(config->ownership.self_fence, Ms(25'000));
  EXPECT_EQ(config->ownership.heartbeat_interval, Ms(3'000));
  EXPECT_EQ(config->grpc.internal_token, "internal-secret");
  ASSERT_EQ(config->networks.size(), 1u);
  const NetworkConfig& net = config->networks[0];
  EXPECT_EQ(net.host, "irc.example.org");
  EXPECT_EQ(net.port, 6697);
  EXPECT_TRUE(net.tls);
  EXPECT_EQ(net.flood_burst, 5);
  EXPECT_EQ(net.quit_message, "mxedge irc-worker shutting down");
  EXPECT_EQ(net.channels, std::vector<std::string>{"#mxedge=!room:example.org"});
}

TEST(LoadConfigTest, MessageKeysHaveTheirDocumentedDefaults) {
  absl::StatusOr<Config> config = LoadConfig(Text(kOneNetwork), Secrets());
  ASSERT_TRUE(config.ok()) << config.status();
  const NetworkConfig& net = config->networks.at(0);
  EXPECT_EQ(net.line_limit, 3);
  EXPECT_EQ(net.fallback_charset, "latin1");
  EXPECT_EQ(net.drop_matrix_messages_after, Ms(0));
  EXPECT_EQ(net.media_link_ttl, std::chrono::hours(168));
}

TEST(LoadConfigTest, MessageKeysAreReadAndChecked) {
  absl::StatusOr<Config> config =
      LoadConfig(Text(std::string(kOneNetwork) +
                      "    line_limit: 5\n    fallback_charset: CP1252\n"
                      "    drop_matrix_messages_after: 10m\n    media_link_ttl: 1h\n"),
                 Secrets({{"MXEDGE_NETWORKS_LOCAL_LINE_LIMIT", "4"}}));
  ASSERT_TRUE(config.ok()) << config.status();
  const NetworkConfig& net = config->networks.at(0);
  EXPECT_EQ(net.line_limit, 4);
  EXPECT_EQ(net.fallback_charset, "CP1252");
  EXPECT_EQ(net.drop_matrix_messages_after, Ms(600'000));
  EXPECT_EQ(net.media_link_ttl, Ms(3'600'000));

  absl::StatusOr<Config> bad_charset =
      LoadConfig(Text(std::string(kOneNetwork) + "    fallback_charset: koi8-r\n"), Secrets());
  EXPECT_THAT(bad_charset.status().message(), HasSubstr("networks[local].fallback_charset"));
  absl::StatusOr<Config> zero_lines =
      LoadConfig(Text(std::string(kOneNetwork) + "    line_limit: 0\n"), Secrets());
  EXPECT_THAT(zero_lines.status().message(), HasSubstr("line_limit"));
  absl::StatusOr<Config> short_ttl =
      LoadConfig(Text(std::string(kOneNetwork) + "    media_link_ttl: 10s\n"), Secrets());
  EXPECT_THAT(short_ttl.status().message(), HasSubstr("media_link_ttl"));
}

TEST(LoadConfigTest, EnvironmentOverridesTheFileIncludingNetworkKeys) {
  absl::StatusOr<Config> config =
      LoadConfig(Text(std::string(kOneNetwork) + "ownership:\n  self_fence: 2s\n"),
                 Secrets({{"MXEDGE_OWNERSHIP_OWNER_TIMEOUT", "3s"},
                          {"MXEDGE_OWNERSHIP_HEARTBEAT_INTERVAL", "200ms"},
                          {"MXEDGE_NETWORKS_LOCAL_PORT", "7000"},
                          {"MXEDGE_NETWORKS_LOCAL_SERVER_PASSWORD", "pass"},
                          {"MXEDGE_WORKER_ID", "w1"}}));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->ownership.owner_timeout, Ms(3'000));
  EXPECT_EQ(config->ownership.self_fence, Ms(2'000));
  EXPECT_EQ(config->networks[0].port, 7000);
  EXPECT_EQ(config->networks[0].server_password, "pass");
  EXPECT_EQ(EffectiveWorkerId(*config), "w1");
}

TEST(LoadConfigTest, MissingTokenNamesTheKeyUnlessSecretsAreNotRequired) {
  absl::StatusOr<Config> config = LoadConfig(Text(kOneNetwork), common::MapEnvironment({}));
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(config.status().message(), HasSubstr("grpc.internal_token"));
  EXPECT_TRUE(LoadConfig(Text(kOneNetwork), common::MapEnvironment({}), false).ok());
}

TEST(LoadConfigTest, UnknownKeysAreErrors) {
  absl::StatusOr<Config> config =
      LoadConfig(Text(std::string(kOneNetwork) + "ownership:\n  lease: 3s\n"), Secrets());
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("ownership.lease"));
}

TEST(LoadConfigTest, SecretsInTheFileAreRefused) {
  absl::StatusOr<Config> config =
      LoadConfig(Text(std::string(kOneNetwork) + "grpc:\n  internal_token: leaked\n"), Secrets());
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("grpc.internal_token"));
}

TEST(LoadConfigTest, RelationsBetweenDurationsAreChecked) {
  absl::StatusOr<Config> config = LoadConfig(
      Text(std::string(kOneNetwork) +
           "ownership:\n  owner_timeout: 10s\n  self_fence: 10s\n  heartbeat_interval: 6s\n"
           "  receiver_lease: 30s\n  replay_window: 30s\n"),
      Secrets());
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("ownership.self_fence"));
  EXPECT_THAT(config.status().message(), HasSubstr("ownership.heartbeat_interval"));
  EXPECT_THAT(config.status().message(), HasSubstr("ownership.replay_window"));
}

TEST(LoadConfigTest, NetworksAreValidated) {
  EXPECT_THAT(LoadConfig(Text(""), Secrets()).status().message(),
              HasSubstr("at least one network"));
  absl::StatusOr<Config> config =
      LoadConfig(Text("networks:\n  - id: Libera\n  - id: ok\n    nick_template: fixed\n"
                      "    ghost_localpart_template: ghost\n    channels: ['#a']\n"),
                 Secrets());
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("networks[Libera].id"));
  EXPECT_THAT(config.status().message(), HasSubstr("networks[ok].nick_template"));
  EXPECT_THAT(config.status().message(), HasSubstr("networks[ok].ghost_localpart_template"));
  EXPECT_THAT(config.status().message(), HasSubstr("networks[ok].channels[0]"));
}

TEST(LoadConfigTest, AddressesAndWorkerIdAreChecked) {
  absl::StatusOr<Config> config =
      LoadConfig(Text(std::string(kOneNetwork) + "worker:\n  id: 'a:b'\ngrpc:\n  listen: nowhere\n"
                                                 "  advertised_address: 'host:99999'\n"),
                 Secrets());
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("worker.id"));
  EXPECT_THAT(config.status().message(), HasSubstr("grpc.listen"));
  EXPECT_THAT(config.status().message(), HasSubstr("grpc.advertised_address"));
}

TEST(EffectiveAdvertisedAddressTest, PrefersConfigThenPodIpThenLoopback) {
  Config config;
  EXPECT_EQ(EffectiveAdvertisedAddress(config, "", 50052), "127.0.0.1:50052");
  EXPECT_EQ(EffectiveAdvertisedAddress(config, "10.1.2.3", 41000), "10.1.2.3:41000");
  EXPECT_EQ(EffectiveAdvertisedAddress(config, "fd00::1", 41000), "[fd00::1]:41000");
  config.grpc.advertise_hostname = true;
  std::array<char, 256> name{};
  ASSERT_EQ(gethostname(name.data(), name.size() - 1), 0);
  EXPECT_EQ(EffectiveAdvertisedAddress(config, "10.1.2.3", 41000),
            std::string(name.data()) + ":41000");
  config.grpc.advertised_address = "worker-0.irc:50052";
  EXPECT_EQ(EffectiveAdvertisedAddress(config, "10.1.2.3", 41000), "worker-0.irc:50052");
}

TEST(EffectiveWorkerIdTest, FallsBackToAValidHostNameId) {
  Config config;
  const std::string id = EffectiveWorkerId(config);
  EXPECT_FALSE(id.empty());
  EXPECT_EQ(id.find(':'), std::string::npos);
}

}  // namespace
}  // namespace mxedge::irc_worker
