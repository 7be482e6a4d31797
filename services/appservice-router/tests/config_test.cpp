#include "config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mxedge::appservice_router {
namespace {

using ::testing::HasSubstr;

common::ConfigSource Text(std::string yaml) {
  common::ConfigSource source;
  source.text = std::move(yaml);
  return source;
}

common::EnvLookup Secrets(std::map<std::string, std::string, std::less<>> extra = {}) {
  extra.emplace("MXEDGE_HOMESERVER_AS_TOKEN", "as-secret");
  extra.emplace("MXEDGE_HOMESERVER_HS_TOKEN", "hs-secret");
  extra.emplace("MXEDGE_GRPC_INTERNAL_TOKEN", "internal-secret");
  return common::MapEnvironment(std::move(extra));
}

TEST(LoadConfigTest, DefaultsMatchTheDocumentedPorts) {
  absl::StatusOr<Config> config = LoadConfig(Text(""), Secrets());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->http.port, 9000);
  EXPECT_EQ(config->admin.port, 9101);
  EXPECT_EQ(config->http.max_body_bytes, int64_t{64} << 20);
  EXPECT_EQ(config->dispatch.shards, 16);
  EXPECT_EQ(config->grpc.client_api_listen, "0.0.0.0:50051");
  EXPECT_EQ(config->grpc.matrix_out_listen, "0.0.0.0:50054");
  EXPECT_EQ(config->homeserver.hs_token, "hs-secret");
}

TEST(LoadConfigTest, EnvironmentOverridesTheFile) {
  absl::StatusOr<Config> config =
      LoadConfig(Text("redis:\n  url: redis://10.0.0.1:6379\nhttp:\n  port: 9500\n"),
                 Secrets({{"MXEDGE_HTTP_PORT", "9600"}}));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->redis.url, "redis://10.0.0.1:6379");
  EXPECT_EQ(config->http.port, 9600);
}

TEST(LoadConfigTest, MissingSecretsNameTheKey) {
  absl::StatusOr<Config> config = LoadConfig(Text(""), common::MapEnvironment({}));
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(config.status().message(), HasSubstr("homeserver.hs_token"));
  EXPECT_THAT(config.status().message(), HasSubstr("grpc.internal_token"));
  EXPECT_TRUE(LoadConfig(Text(""), common::MapEnvironment({}), false).ok());
}

TEST(LoadConfigTest, SecretsInTheFileAreRefused) {
  absl::StatusOr<Config> config = LoadConfig(Text("homeserver:\n  hs_token: leaked\n"), Secrets());
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("homeserver.hs_token"));
}

TEST(LoadConfigTest, OutOfRangeAndUnknownKeysNameTheKey) {
  absl::StatusOr<Config> bad_port = LoadConfig(Text("admin:\n  port: 70000\n"), Secrets());
  ASSERT_FALSE(bad_port.ok());
  EXPECT_THAT(bad_port.status().message(), HasSubstr("admin.port"));
  absl::StatusOr<Config> unknown = LoadConfig(Text("dispatch:\n  shardz: 3\n"), Secrets());
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.status().message(), HasSubstr("dispatch.shardz"));
}

TEST(LoadConfigTest, ReadsIrcNetworksWithTheirTemplates) {
  absl::StatusOr<Config> config = LoadConfig(Text(R"(irc:
  networks:
    - id: libera
      server_name: Libera.Chat
    - id: oftc
      ghost_localpart_template: oftc_$NICK
      receive_ephemeral: true
)"),
                                             Secrets());
  ASSERT_TRUE(config.ok()) << config.status();
  ASSERT_EQ(config->irc_networks.size(), 2u);
  EXPECT_EQ(config->irc_networks[0].server_name, "Libera.Chat");
  EXPECT_EQ(config->irc_networks[0].ghost_localpart_template, "irc_$NETWORK_$NICK");
  EXPECT_EQ(config->irc_networks[1].ghost_localpart_template, "oftc_$NICK");
  EXPECT_TRUE(config->irc_networks[1].receive_ephemeral);
}

TEST(LoadConfigTest, BadNetworkIdAndTemplatesNameTheKey) {
  absl::StatusOr<Config> bad_id =
      LoadConfig(Text("irc:\n  networks:\n    - id: Libera_Chat\n"), Secrets());
  ASSERT_FALSE(bad_id.ok());
  EXPECT_THAT(bad_id.status().message(), HasSubstr("irc.networks[Libera_Chat].id"));
  absl::StatusOr<Config> no_nick = LoadConfig(
      Text("irc:\n  networks:\n    - id: libera\n      ghost_localpart_template: irc_x\n"),
      Secrets());
  ASSERT_FALSE(no_nick.ok());
  EXPECT_THAT(no_nick.status().message(),
              HasSubstr("irc.networks[libera].ghost_localpart_template"));
  absl::StatusOr<Config> bad_alias = LoadConfig(
      Text("irc:\n  networks:\n    - id: libera\n      portal_alias_template: irc_$CHANNEL\n"),
      Secrets());
  ASSERT_FALSE(bad_alias.ok());
  EXPECT_THAT(bad_alias.status().message(),
              HasSubstr("irc.networks[libera].portal_alias_template"));
}

TEST(LoadConfigTest, BackoffOrderIsChecked) {
  absl::StatusOr<Config> config =
      LoadConfig(Text("dispatch:\n  backoff_min: 10s\n  backoff_max: 1s\n"), Secrets());
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("dispatch.backoff_min"));
}

TEST(LoadConfigTest, TheDocumentedConfigFileLoadsAndMatchesTheDefaults) {
  const std::string path = std::string(MXEDGE_SERVICE_SOURCE_DIR) + "/config.yaml";
  common::ConfigSource source;
  source.file_path = path;
  absl::StatusOr<Config> loaded = LoadConfig(source, Secrets());
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  absl::StatusOr<Config> defaults = LoadConfig(Text(""), Secrets());
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(loaded->redis.url, defaults->redis.url);
  EXPECT_EQ(loaded->http.max_body_bytes, defaults->http.max_body_bytes);
  EXPECT_EQ(loaded->dispatch.backoff_max, defaults->dispatch.backoff_max);
  EXPECT_EQ(loaded->intake.txn_marker_ttl, defaults->intake.txn_marker_ttl);
  EXPECT_EQ(loaded->grpc.matrix_out_listen, defaults->grpc.matrix_out_listen);
  EXPECT_EQ(loaded->micropub.bot_localpart, defaults->micropub.bot_localpart);
}

TEST(RouterConfigSchemaTest, DescribeListsEveryKeyWithoutSecrets) {
  std::string text = RouterConfigSchema().Describe();
  for (const char* key : {"homeserver.url", "homeserver.hs_token", "http.max_body_bytes",
                          "dispatch.shards", "grpc.internal_token", "media.signing_key",
                          "irc.networks", "micropub.bot_localpart", "log.level"}) {
    EXPECT_THAT(text, HasSubstr(key));
  }
}

TEST(EffectiveRouterIdTest, UsesTheConfiguredIdElseHostAndPid) {
  Config config;
  config.dispatch.router_id = "router-a";
  EXPECT_EQ(EffectiveRouterId(config), "router-a");
  config.dispatch.router_id.clear();
  std::string derived = EffectiveRouterId(config);
  EXPECT_THAT(derived, HasSubstr("-"));
  EXPECT_THAT(derived, ::testing::EndsWith(std::to_string(getpid())));
}

}  // namespace
}  // namespace mxedge::appservice_router
