#include "mxedge/common/config_loader.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace mxedge::common {
namespace {

using std::chrono::milliseconds;

struct Network {
  std::string name;
  std::string host;
  uint16_t port = 6697;
  bool tls = true;
  std::string password;
};

struct Config {
  std::string redis_url = "redis://127.0.0.1:6379";
  uint16_t port = 8080;
  int64_t max_body = 1 << 20;
  bool debug = false;
  double ratio = 0.5;
  milliseconds timeout{30000};
  std::string log_level = "info";
  std::vector<std::string> admins = {"@admin:example.org"};
  std::string hs_token;
  std::vector<Network> networks;
};

ConfigSchema<Network> NetworkSchema() {
  ConfigSchema<Network> s;
  s.String("name", &Network::name, "Network id.")
      .String("host", &Network::host, "Server host.")
      .Required()
      .Int("port", &Network::port, 1, 65535, "Server port.")
      .Bool("tls", &Network::tls, "Use TLS.")
      .Secret("password", &Network::password, "Server password.");
  return s;
}

ConfigSchema<Config> Schema() {
  ConfigSchema<Config> s;
  s.String("redis.url", &Config::redis_url, "Redis address.")
      .Int("http.port", &Config::port, 1, 65535, "Listen port.")
      .Int("http.max_body_bytes", &Config::max_body, 1, int64_t{1} << 30, "Body limit.")
      .Bool("debug", &Config::debug, "Debug mode.")
      .Double("sample_ratio", &Config::ratio, 0.0, 1.0, "Sampling ratio.")
      .Duration("homeserver.timeout", &Config::timeout, "Request timeout.", milliseconds(100),
                std::chrono::minutes(10))
      .Enum("log.level", &Config::log_level, {"debug", "info", "warn", "error"}, "Log level.")
      .StringList("admins", &Config::admins, "Admin user ids.")
      .Secret("hs_token", &Config::hs_token, "Homeserver token.")
      .List("irc.networks", &Config::networks, NetworkSchema(), "name", "IRC networks.");
  return s;
}

absl::Status LoadText(Config& config, const std::string& yaml,
                      std::map<std::string, std::string, std::less<>> env = {}) {
  return Schema().Load(config, ConfigSource{.text = yaml, .text_name = "test.yaml"},
                       MapEnvironment(std::move(env)));
}

std::string MessageOf(const absl::Status& s) { return std::string(s.message()); }

// A private temporary directory per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("mxedge_config_" + std::to_string(::getpid()) + "_" + info->name());
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string Write(const std::string& name, const std::string& contents) const {
    const auto file = path_ / name;
    std::ofstream(file, std::ios::binary) << contents;
    return file.string();
  }
  std::string Path(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

TEST(ConfigLoaderTest, DefaultsStayWithoutFileOrEnv) {
  Config config;
  ASSERT_TRUE(Schema().Load(config, ConfigSource{}, MapEnvironment({})).ok());
  EXPECT_EQ(config.redis_url, "redis://127.0.0.1:6379");
  EXPECT_EQ(config.port, 8080);
  EXPECT_EQ(config.timeout, milliseconds(30000));
  EXPECT_EQ(config.admins, std::vector<std::string>{"@admin:example.org"});
}

TEST(ConfigLoaderTest, FileOverridesDefaultsAndEnvOverridesFile) {
  Config config;
  const std::string yaml = R"(
redis:
  url: redis://10.0.0.1:6379
http:
  port: 9000
  max_body_bytes: 4096
debug: true
sample_ratio: 0.25
homeserver:
  timeout: 5s
log:
  level: warn
admins: ["@a:x", "@b:x"]
)";
  const absl::Status s = LoadText(config, yaml,
                                  {{"MXEDGE_HTTP_PORT", "9100"},
                                   {"MXEDGE_HOMESERVER_TIMEOUT", "250ms"},
                                   {"MXEDGE_ADMINS", "@c:x, @d:x"},
                                   {"MXEDGE_DEBUG", "0"}});
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(config.redis_url, "redis://10.0.0.1:6379");  // file
  EXPECT_EQ(config.port, 9100);                          // env over file
  EXPECT_EQ(config.max_body, 4096);                      // file
  EXPECT_FALSE(config.debug);                            // env over file
  EXPECT_DOUBLE_EQ(config.ratio, 0.25);                  // file
  EXPECT_EQ(config.timeout, milliseconds(250));          // env over file
  EXPECT_EQ(config.log_level, "warn");                   // file
  EXPECT_EQ(config.admins, (std::vector<std::string>{"@c:x", "@d:x"}));
}

TEST(ConfigLoaderTest, ReadsTheFileNamedByTheSource) {
  TempDir dir;
  const std::string path = dir.Write("gw.yaml", "http:\n  port: 7000\n");
  Config config;
  ASSERT_TRUE(Schema().Load(config, ConfigSource{.file_path = path}, MapEnvironment({})).ok());
  EXPECT_EQ(config.port, 7000);

  const absl::Status missing =
      Schema().Load(config, ConfigSource{.file_path = dir.Path("nope.yaml")}, MapEnvironment({}));
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_NE(MessageOf(missing).find("nope.yaml"), std::string::npos);
}

TEST(ConfigLoaderTest, UnknownKeysAtAnyDepthNameTheKeyAndPosition) {
  Config config;
  const absl::Status s = LoadText(config, "redis:\n  uri: x\nhttpp:\n  port: 1\n");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MessageOf(s),
            "test.yaml:2:3: redis.uri: unknown key; test.yaml:3:1: httpp: unknown key");
}

TEST(ConfigLoaderTest, OutOfRangeAndMistypedValuesSayWhatWasExpected) {
  Config config;
  const absl::Status s = LoadText(config,
                                  "http:\n  port: 70000\n"
                                  "debug: yes\n"
                                  "sample_ratio: 2\n"
                                  "homeserver:\n  timeout: 30\n"
                                  "log:\n  level: verbose\n"
                                  "admins: {a: b}\n");
  EXPECT_EQ(MessageOf(s),
            "test.yaml:2:9: http.port: expected an integer in [1, 65535], got \"70000\"; "
            "test.yaml:3:8: debug: expected true or false, got \"yes\"; "
            "test.yaml:4:15: sample_ratio: expected a number in [0, 1], got \"2\"; "
            "test.yaml:6:12: homeserver.timeout: expected a duration such as 250ms, 30s, 5m or "
            "1h, in [100ms, 10m], got \"30\"; "
            "test.yaml:8:10: log.level: expected one of debug, info, warn, error, got \"verbose\"; "
            "test.yaml:9:9: admins: expected a list of strings, got a mapping");
  EXPECT_EQ(config.port, 8080);  // unchanged on error
}

TEST(ConfigLoaderTest, EnvErrorsNameTheVariable) {
  Config config;
  const absl::Status s = LoadText(config, "", {{"MXEDGE_HTTP_PORT", "eighty"}});
  EXPECT_EQ(MessageOf(s),
            "env MXEDGE_HTTP_PORT: http.port: expected an integer in [1, 65535], got \"eighty\"");
}

TEST(ConfigLoaderTest, SectionAndStructureErrors) {
  Config config;
  EXPECT_EQ(MessageOf(LoadText(config, "redis: 5\n")),
            "test.yaml:1:8: redis: expected a mapping, got a scalar");
  EXPECT_EQ(MessageOf(LoadText(config, "- a\n- b\n")),
            "test.yaml:1:1: top level: expected a mapping, got a list");
  EXPECT_EQ(MessageOf(LoadText(config, "debug: true\ndebug: false\n")),
            "test.yaml:2:1: debug: duplicate key");
  EXPECT_EQ(MessageOf(LoadText(config, "http:\n  port: [1]\n")),
            "test.yaml:2:9: http.port: expected an integer in [1, 65535], got a list");
  EXPECT_EQ(MessageOf(LoadText(config, "? [a]\n: b\n")),
            "test.yaml:1:3: top level: keys must be plain strings, got a list");
  // Empty file and empty section are fine.
  EXPECT_TRUE(LoadText(config, "").ok());
  EXPECT_TRUE(LoadText(config, "redis:\n").ok());
}

TEST(ConfigLoaderTest, MalformedYamlIsAnErrorWithPosition) {
  Config config;
  const absl::Status s = LoadText(config, "redis:\n  url: [unclosed\n");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(MessageOf(s).starts_with("test.yaml:")) << s;
  EXPECT_NE(MessageOf(s).find("malformed YAML"), std::string::npos) << s;
  EXPECT_EQ(MessageOf(LoadText(config, "a: b: c\n")).find("test.yaml:1:"), 0u);
}

TEST(ConfigLoaderTest, SecretsComeOnlyFromEnvOrFile) {
  TempDir dir;
  Config config;
  ASSERT_TRUE(LoadText(config, "", {{"MXEDGE_HS_TOKEN", "s3cret"}}).ok());
  EXPECT_EQ(config.hs_token, "s3cret");

  const std::string file = dir.Write("token", "from-file\n");
  Config from_file;
  ASSERT_TRUE(LoadText(from_file, "", {{"MXEDGE_HS_TOKEN_FILE", file}}).ok());
  EXPECT_EQ(from_file.hs_token, "from-file");

  const absl::Status in_yaml = LoadText(config, "hs_token: leaked-value\n");
  EXPECT_EQ(MessageOf(in_yaml),
            "test.yaml:1:11: hs_token: secrets may not be set in the config file; set "
            "MXEDGE_HS_TOKEN or MXEDGE_HS_TOKEN_FILE");
  EXPECT_EQ(MessageOf(in_yaml).find("leaked-value"), std::string::npos);

  EXPECT_EQ(
      MessageOf(LoadText(config, "", {{"MXEDGE_HS_TOKEN", "a"}, {"MXEDGE_HS_TOKEN_FILE", file}})),
      "env MXEDGE_HS_TOKEN: hs_token: both MXEDGE_HS_TOKEN and MXEDGE_HS_TOKEN_FILE are "
      "set; set one");
  const absl::Status missing = LoadText(config, "", {{"MXEDGE_HS_TOKEN_FILE", dir.Path("absent")}});
  EXPECT_NE(MessageOf(missing).find("env MXEDGE_HS_TOKEN_FILE: hs_token: cannot open"),
            std::string::npos)
      << missing;
  EXPECT_EQ(MessageOf(LoadText(config, "", {{"MXEDGE_HS_TOKEN", ""}})),
            "env MXEDGE_HS_TOKEN: hs_token: secret is empty");
}

TEST(ConfigLoaderTest, RequiredKeysMustBeSet) {
  struct Small {
    std::string token;
    std::string name = "x";
  };
  ConfigSchema<Small> schema;
  schema.Secret("as_token", &Small::token, "AS token.").Required();
  schema.String("name", &Small::name, "Name.").Required();
  Small small;
  EXPECT_EQ(MessageOf(schema.Load(small, {}, MapEnvironment({}))),
            "as_token: required; set MXEDGE_AS_TOKEN or MXEDGE_AS_TOKEN_FILE; "
            "name: required; set it in the config file or MXEDGE_NAME");
  EXPECT_TRUE(
      schema.Load(small, {.text = "name: y"}, MapEnvironment({{"MXEDGE_AS_TOKEN", "t"}})).ok());
  EXPECT_EQ(small.name, "y");
  EXPECT_EQ(small.token, "t");
}

TEST(ConfigLoaderTest, ListOfMappingsUsesTheItemSchemaAndIdForEnv) {
  Config config;
  const std::string yaml = R"(
irc:
  networks:
    - name: libera
      host: irc.libera.chat
    - name: oftc
      host: irc.oftc.net
      port: 6667
      tls: false
)";
  const absl::Status s = LoadText(
      config, yaml,
      {{"MXEDGE_IRC_NETWORKS_LIBERA_PASSWORD", "pw"}, {"MXEDGE_IRC_NETWORKS_OFTC_PORT", "7000"}});
  ASSERT_TRUE(s.ok()) << s;
  ASSERT_EQ(config.networks.size(), 2u);
  EXPECT_EQ(config.networks[0].name, "libera");
  EXPECT_EQ(config.networks[0].host, "irc.libera.chat");
  EXPECT_EQ(config.networks[0].port, 6697);
  EXPECT_TRUE(config.networks[0].tls);
  EXPECT_EQ(config.networks[0].password, "pw");
  EXPECT_EQ(config.networks[1].port, 7000);
  EXPECT_FALSE(config.networks[1].tls);
}

TEST(ConfigLoaderTest, ListElementErrorsNameTheElement) {
  Config config;
  const std::string yaml = R"(irc:
  networks:
    - name: libera
      hostname: x
    - host: y
    - name: libera
      host: z
    - 5
)";
  EXPECT_EQ(MessageOf(LoadText(config, yaml)),
            "test.yaml:4:7: irc.networks[0].hostname: unknown key; "
            "irc.networks[0].host: required; set it in the config file or "
            "MXEDGE_IRC_NETWORKS_LIBERA_HOST; "
            "test.yaml:5:7: irc.networks[1].name: required (a non-empty string naming this "
            "item); "
            "test.yaml:6:7: irc.networks[2].name: \"libera\" repeats an earlier item (ids are "
            "compared as environment names, LIBERA); "
            "test.yaml:8:7: irc.networks[3]: expected a mapping, got a scalar");
  EXPECT_EQ(MessageOf(LoadText(config,
                               "irc:\n  networks:\n    - name: a\n      host: b\n"
                               "      password: c\n")),
            "test.yaml:5:17: irc.networks[0].password: secrets may not be set in the config "
            "file; set MXEDGE_IRC_NETWORKS_A_PASSWORD or MXEDGE_IRC_NETWORKS_A_PASSWORD_FILE");
}

TEST(ConfigLoaderTest, AliasExpansionIsBounded) {
  // 1000 aliases of a 10 kB string would be 10 MB of copies from a 20 kB file.
  std::string yaml = "x: &big \"" + std::string(10000, 'a') + "\"\nadmins: [";
  for (int i = 0; i < 1000; ++i) {
    yaml += (i == 0 ? "*big" : ", *big");
  }
  yaml += "]\n";
  Config config;
  const absl::Status s = LoadText(config, yaml);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(MessageOf(s).find("test.yaml: the document expands to more than 4194304 bytes"),
            std::string::npos)
      << MessageOf(s).substr(0, 300);
  EXPECT_EQ(config.admins, std::vector<std::string>{"@admin:example.org"});
}

TEST(ConfigLoaderTest, ReportsAtMostTwentyErrors) {
  std::string yaml;
  for (int i = 0; i < 25; ++i) {
    yaml += "unknown_" + std::to_string(i) + ": 1\n";
  }
  Config config;
  const std::string message = MessageOf(LoadText(config, yaml));
  EXPECT_NE(message.find("unknown_19: unknown key; and 5 more errors"), std::string::npos)
      << message;
  EXPECT_EQ(message.find("unknown_20"), std::string::npos);
}

TEST(ConfigLoaderTest, AccessorLambdasReachNestedStructs) {
  struct Redis {
    std::string url;
    int port = 0;
  };
  struct Nested {
    Redis redis;
  };
  ConfigSchema<Nested> schema;
  schema
      .String(
          "redis.url", [](Nested& n) -> std::string& { return n.redis.url; }, "URL.")
      .Int(
          "redis.port", [](Nested& n) -> int& { return n.redis.port; }, 1, 65535, "Port.");
  Nested nested;
  ASSERT_TRUE(
      schema.Load(nested, {.text = "redis: {url: u, port: 6380}"}, MapEnvironment({})).ok());
  EXPECT_EQ(nested.redis.url, "u");
  EXPECT_EQ(nested.redis.port, 6380);
}

TEST(ConfigLoaderTest, DescribeListsEveryKeyWithTypeDefaultAndEnv) {
  const std::string help = Schema().Describe();
  EXPECT_NE(help.find("  redis.url  (string; default \"redis://127.0.0.1:6379\"; env "
                      "MXEDGE_REDIS_URL)\n      Redis address.\n"),
            std::string::npos)
      << help;
  EXPECT_NE(help.find("  http.port  (integer [1, 65535]; default 8080; env MXEDGE_HTTP_PORT)"),
            std::string::npos);
  EXPECT_NE(help.find("  homeserver.timeout  (duration [100ms, 10m]; default 30s; env "
                      "MXEDGE_HOMESERVER_TIMEOUT)"),
            std::string::npos);
  EXPECT_NE(help.find("  log.level  (one of debug|info|warn|error; default \"info\""),
            std::string::npos);
  EXPECT_NE(help.find("  admins  (list of strings; default [\"@admin:example.org\"]"),
            std::string::npos);
  EXPECT_NE(help.find("  hs_token  (secret; env MXEDGE_HS_TOKEN or MXEDGE_HS_TOKEN_FILE only)"),
            std::string::npos);
  EXPECT_NE(help.find("  irc.networks  (list of mappings keyed by name; file only)"),
            std::string::npos);
  EXPECT_NE(help.find("  irc.networks[].port  (integer [1, 65535]; default 6697; env "
                      "MXEDGE_IRC_NETWORKS_<NAME>_PORT)"),
            std::string::npos)
      << help;
}

TEST(ConfigLoaderTest, EnvNameHelper) {
  EXPECT_EQ(internal::EnvSuffixForPath("redis.url"), "REDIS_URL");
  EXPECT_EQ(internal::EnvSuffixForPath("irc.libera-chat"), "IRC_LIBERA_CHAT");
}

TEST(ConfigLoaderDeathTest, SchemaMistakesAreCaughtAtDeclaration) {
  struct C {
    std::string a;
    std::string b;
    uint8_t small = 0;
  };
  EXPECT_DEATH(ConfigSchema<C>().String("Bad.Key", &C::a, "d"), "");
  EXPECT_DEATH(ConfigSchema<C>().String("a", &C::a, "d").String("a", &C::b, "d"), "");
  EXPECT_DEATH(ConfigSchema<C>().String("a", &C::a, "d").String("a.b", &C::b, "d"), "");
  EXPECT_DEATH(ConfigSchema<C>().String("a.b_c", &C::a, "d").String("a_b.c", &C::b, "d"), "");
  EXPECT_DEATH(ConfigSchema<C>().Int("n", &C::small, 0, 1000, "d"), "");
  EXPECT_DEATH(ConfigSchema<C>().String("a", &C::a, ""), "");
}

}  // namespace
}  // namespace mxedge::common
