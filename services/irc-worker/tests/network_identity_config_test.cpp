// The config keys of the network-facing identity: ident.*, and per network idle_timeout,
// max_connections and bot_nick.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config.hpp"

namespace mxedge::irc_worker {
namespace {

using ::testing::HasSubstr;
using Ms = std::chrono::milliseconds;

constexpr char kNetwork[] =
    "networks:\n"
    "  - id: local\n"
    "    host: irc.example.org\n";

common::ConfigSource Text(std::string yaml) {
  common::ConfigSource source;
  source.text = std::move(yaml);
  return source;
}

common::EnvLookup Secrets() {
  return common::MapEnvironment({{"MXEDGE_GRPC_INTERNAL_TOKEN", "internal-secret"}});
}

TEST(NetworkIdentityConfigTest, DefaultsAreIdentOffAndTwoDaysIdle) {
  absl::StatusOr<Config> config = LoadConfig(Text(kNetwork), Secrets());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->ident.listen, "");
  EXPECT_EQ(config->ident.timeout, Ms(10'000));
  EXPECT_EQ(config->ident.max_concurrent, 64);
  EXPECT_EQ(config->ident.record_ttl, Ms(600'000));
  const NetworkConfig& net = config->networks.at(0);
  EXPECT_EQ(net.idle_timeout, Ms(48LL * 3'600'000));
  EXPECT_EQ(net.max_connections, 0);
  EXPECT_EQ(net.bot_nick, "");
}

TEST(NetworkIdentityConfigTest, ReadsEveryKey) {
  absl::StatusOr<Config> config =
      LoadConfig(Text(std::string(kNetwork) + "    idle_timeout: 0s\n"
                                              "    max_connections: 500\n"
                                              "    bot_nick: RelayBot\n"
                                              "ident:\n"
                                              "  listen: 0.0.0.0:113\n"
                                              "  timeout: 5s\n"
                                              "  max_concurrent: 8\n"
                                              "  record_ttl: 1m\n"),
                 Secrets());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->ident.listen, "0.0.0.0:113");
  EXPECT_EQ(config->ident.timeout, Ms(5'000));
  EXPECT_EQ(config->ident.max_concurrent, 8);
  EXPECT_EQ(config->ident.record_ttl, Ms(60'000));
  const NetworkConfig& net = config->networks.at(0);
  EXPECT_EQ(net.idle_timeout, Ms(0));
  EXPECT_EQ(net.max_connections, 500);
  EXPECT_EQ(net.bot_nick, "RelayBot");
}

TEST(NetworkIdentityConfigTest, RefusesBadValuesNamingTheKey) {
  struct Case {
    std::string yaml;
    std::string key;
  };
  const Case cases[] = {
      {"ident:\n  listen: nowhere\n", "ident.listen"},
      {"ident:\n  max_concurrent: 0\n", "ident.max_concurrent"},
      {"ident:\n  record_ttl: 1s\n", "ident.record_ttl"},
      {"    max_connections: -1\n", "max_connections"},
  };
  for (const Case& c : cases) {
    const bool network_key = c.yaml.rfind("    ", 0) == 0;
    absl::StatusOr<Config> config = LoadConfig(
        Text(network_key ? std::string(kNetwork) + c.yaml : c.yaml + kNetwork), Secrets());
    ASSERT_FALSE(config.ok()) << c.yaml;
    EXPECT_THAT(config.status().message(), HasSubstr(c.key)) << c.yaml;
  }
}

}  // namespace
}  // namespace mxedge::irc_worker
