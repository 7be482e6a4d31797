#include "config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace mxedge::micropub {
namespace {

using ::testing::HasSubstr;

common::ConfigSource Text(std::string yaml) {
  common::ConfigSource source;
  source.text = std::move(yaml);
  return source;
}

common::EnvLookup Env(std::map<std::string, std::string, std::less<>> extra = {}) {
  extra.emplace("MXEDGE_GRPC_INTERNAL_TOKEN", "internal-secret");
  extra.emplace("MXEDGE_REDIS_ENCRYPTION_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
  return common::MapEnvironment(std::move(extra));
}

// The service's shipped config.yaml (the build passes the service's source directory: __FILE__
// is relative in path-independent ccache builds).
std::string ShippedConfigPath() { return std::string(MXEDGE_SERVICE_SOURCE_DIR) + "/config.yaml"; }

TEST(LoadConfigTest, DefaultsMatchTheDocumentedPorts) {
  absl::StatusOr<Config> config = LoadConfig(Text(""), Env());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->http.port, 8090);
  EXPECT_EQ(config->grpc.listen, "0.0.0.0:50053");
  EXPECT_EQ(config->admin.port, 9103);
  EXPECT_FALSE(config->web.allow_loopback_for_tests);
  EXPECT_EQ(config->grpc.internal_token, "internal-secret");
  EXPECT_EQ(ClientId(*config), "http://127.0.0.1:8090/");
  EXPECT_EQ(RedirectUri(*config), "http://127.0.0.1:8090/indieauth/redirect");
}

TEST(LoadConfigTest, ShippedConfigYamlLoadsWithTheDefaults) {
  common::ConfigSource source;
  source.file_path = ShippedConfigPath();
  absl::StatusOr<Config> shipped = LoadConfig(source, Env());
  absl::StatusOr<Config> defaults = LoadConfig(Text(""), Env());
  ASSERT_TRUE(shipped.ok()) << shipped.status();
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(shipped->public_base_url, defaults->public_base_url);
  EXPECT_EQ(shipped->router.matrix_out_address, defaults->router.matrix_out_address);
  EXPECT_EQ(shipped->router.deadline, defaults->router.deadline);
  EXPECT_EQ(shipped->redis.key_prefix, defaults->redis.key_prefix);
  EXPECT_EQ(shipped->bot.user_id, defaults->bot.user_id);
  EXPECT_EQ(shipped->bot.scope, defaults->bot.scope);
  EXPECT_EQ(shipped->web.timeout, defaults->web.timeout);
  EXPECT_EQ(shipped->limits.posts_per_hour, defaults->limits.posts_per_hour);
  EXPECT_EQ(shipped->limits.post_burst, defaults->limits.post_burst);
  EXPECT_EQ(shipped->limits.site_concurrency, defaults->limits.site_concurrency);
  EXPECT_EQ(shipped->limits.site_wait, defaults->limits.site_wait);
  EXPECT_EQ(shipped->limits.refresh_skew, defaults->limits.refresh_skew);
}

TEST(LoadConfigTest, ShippedConfigYamlMentionsEveryKey) {
  std::ifstream in(ShippedConfigPath());
  std::stringstream text;
  text << in.rdbuf();
  const std::string yaml = text.str();
  ASSERT_FALSE(yaml.empty());
  std::stringstream help(MicropubConfigSchema().Describe());
  std::string line;
  int keys = 0;
  while (std::getline(help, line)) {
    if (line.size() < 3 || line[0] != ' ' || line[1] != ' ' || line[2] == ' ') {
      continue;
    }
    std::string key = line.substr(2, line.find(' ', 2) - 2);
    std::string leaf = key.substr(key.rfind('.') + 1);
    ++keys;
    EXPECT_NE(yaml.find(leaf + ":"), std::string::npos) << key << " is not in config.yaml";
  }
  EXPECT_GE(keys, 18);
}

TEST(LoadConfigTest, SecretsAreRequiredAndNeverReadFromTheFile) {
  absl::StatusOr<Config> config = LoadConfig(Text(""), common::MapEnvironment({}));
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("grpc.internal_token"));
  EXPECT_THAT(config.status().message(), HasSubstr("redis.encryption_key"));
  EXPECT_TRUE(LoadConfig(Text(""), common::MapEnvironment({}), false).ok());
  config = LoadConfig(Text("redis:\n  encryption_key: leaked\n"), Env());
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("redis.encryption_key"));
}

TEST(LoadConfigTest, UnknownAndInvalidKeysNameTheKey) {
  struct Case {
    std::string yaml;
    std::string key;
  };
  for (const Case& c : std::vector<Case>{
           {"http:\n  prot: 8090\n", "http.prot"},
           {"bot:\n  likes: true\n", "bot.likes"},
           {"admin:\n  port: 70000\n", "admin.port"},
           {"public_base_url: ftp://x\n", "public_base_url"},
           {"public_base_url: https://x.org/app\n", "public_base_url"},
           {"bot:\n  user_id: micropub\n", "bot.user_id"},
           {"bot:\n  scope: profile\n", "bot.scope"},
           {"router:\n  deadline: 1ms\n", "router.deadline"},
           {"log:\n  level: loud\n", "log.level"},
           {"limits:\n  posts_per_hour: 0\n", "limits.posts_per_hour"},
           {"limits:\n  post_burst: -1\n", "limits.post_burst"},
           {"limits:\n  site_concurrency: 0\n", "limits.site_concurrency"},
           {"limits:\n  site_wait: 11m\n", "limits.site_wait"},
           {"limits:\n  burst: 3\n", "limits.burst"},
           {"public_base_url: https://\n", "public_base_url"},
           {"public_base_url: https://a.org?x=1\n", "public_base_url"},
           {"redis:\n  url: http://redis:6379\n", "redis.url"},
           {"grpc:\n  listen: 50053\n", "grpc.listen"},
           {"grpc:\n  listen: 0.0.0.0:70000\n", "grpc.listen"},
           {"router:\n  matrix_out_address: router\n", "router.matrix_out_address"},
           {"router:\n  matrix_out_address: \":50054\"\n", "router.matrix_out_address"},
       }) {
    absl::StatusOr<Config> config = LoadConfig(Text(c.yaml), Env());
    ASSERT_FALSE(config.ok()) << c.yaml;
    EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(config.status().message(), HasSubstr(c.key)) << c.yaml;
  }
}

TEST(LoadConfigTest, AnEncryptionKeyThatIsNot32BytesIsRefused) {
  absl::StatusOr<Config> config =
      LoadConfig(Text(""), Env({{"MXEDGE_REDIS_ENCRYPTION_KEY", "c2hvcnQ="}}));
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("redis.encryption_key"));
  EXPECT_THAT(config.status().message(), ::testing::Not(HasSubstr("c2hvcnQ")));
}

TEST(LoadConfigTest, ValidationErrorsAreReportedTogether) {
  absl::StatusOr<Config> config =
      LoadConfig(Text("grpc:\n  listen: nowhere\n"), common::MapEnvironment({}));
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("grpc.listen"));
  EXPECT_THAT(config.status().message(), HasSubstr("grpc.internal_token: required"));
  EXPECT_THAT(config.status().message(), HasSubstr("redis.encryption_key: required"));
}

TEST(LoadConfigTest, ASecretFileThatCannotBeReadNamesTheKey) {
  absl::StatusOr<Config> config = LoadConfig(
      Text(""), common::MapEnvironment({{"MXEDGE_GRPC_INTERNAL_TOKEN_FILE", "/nonexistent/token"},
                                        {"MXEDGE_REDIS_ENCRYPTION_KEY",
                                         "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}}));
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("grpc.internal_token"));
}

TEST(LoadConfigTest, LimitsComeFromTheFile) {
  absl::StatusOr<Config> config =
      LoadConfig(Text("limits:\n  posts_per_hour: 30\n  post_burst: 5\n  site_concurrency: 2\n"
                      "  site_wait: 2s\n  refresh_skew: 5m\n"),
                 Env());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->limits.posts_per_hour, 30);
  EXPECT_EQ(config->limits.post_burst, 5);
  EXPECT_EQ(config->limits.site_concurrency, 2);
  EXPECT_EQ(config->limits.site_wait, std::chrono::milliseconds(2'000));
  EXPECT_EQ(config->limits.refresh_skew, std::chrono::milliseconds(300'000));
}

TEST(LoadConfigTest, EnvironmentOverridesTheFile) {
  absl::StatusOr<Config> config =
      LoadConfig(Text("redis:\n  url: redis://10.0.0.1:6379\n"),
                 Env({{"MXEDGE_REDIS_URL", "redis://redis:6379"},
                      {"MXEDGE_PUBLIC_BASE_URL", "https://mp.example.org/"}}));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->redis.url, "redis://redis:6379");
  EXPECT_EQ(ClientId(*config), "https://mp.example.org/");
}

}  // namespace
}  // namespace mxedge::micropub
