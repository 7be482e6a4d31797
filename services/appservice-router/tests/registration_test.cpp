#include "registration.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <yaml-cpp/yaml.h>

#include <sstream>

#include "mxedge/testing/temp_dir.hpp"

namespace mxedge::appservice_router {
namespace {

using ::testing::HasSubstr;

constexpr char kConfig[] = R"(homeserver:
  server_name: example.org
appservice:
  url: http://127.0.0.1:9000
irc:
  networks:
    - id: libera
)";

TEST(RenderRegistrationTest, ParsesAndCarriesEveryField) {
  Config config;
  config.homeserver.server_name = "example.org";
  IrcNetworkConfig libera;
  libera.id = "libera";
  config.irc_networks = {libera};
  absl::StatusOr<Namespaces> ns = Namespaces::Create(config);
  ASSERT_TRUE(ns.ok());
  RegistrationValues values{"mxedge", "http://router:9000", "as\"tok", "hs-tok", "mxedge"};
  YAML::Node doc = YAML::Load(RenderRegistration(values, *ns));
  EXPECT_EQ(doc["id"].as<std::string>(), "mxedge");
  EXPECT_EQ(doc["url"].as<std::string>(), "http://router:9000");
  EXPECT_EQ(doc["as_token"].as<std::string>(), "as\"tok");
  EXPECT_EQ(doc["hs_token"].as<std::string>(), "hs-tok");
  EXPECT_EQ(doc["sender_localpart"].as<std::string>(), "mxedge");
  EXPECT_FALSE(doc["rate_limited"].as<bool>());
  EXPECT_TRUE(doc["receive_ephemeral"].as<bool>());
  EXPECT_TRUE(doc["de.sorunome.msc2409.push_ephemeral"].as<bool>());
  ASSERT_EQ(doc["protocols"].size(), 1u);
  EXPECT_EQ(doc["protocols"][0].as<std::string>(), "irc");
  YAML::Node users = doc["namespaces"]["users"];
  ASSERT_EQ(users.size(), 3u);  // libera ghosts, libera bot, micropub bot
  for (const YAML::Node& user : users) {
    EXPECT_TRUE(user["exclusive"].as<bool>());
  }
  EXPECT_EQ(users[0]["regex"].as<std::string>(), "^@irc_libera_.+:example\\.org$");
  EXPECT_EQ(doc["namespaces"]["aliases"][0]["regex"].as<std::string>(),
            "^#irc_libera_.+:example\\.org$");
  EXPECT_EQ(doc["namespaces"]["rooms"].size(), 0u);
}

TEST(RandomTokenTest, IsLongHexAndDiffers) {
  std::string a = RandomToken();
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, RandomToken());
}

TEST(ParseGenerateRegistrationArgsTest, AcceptsBothFlagForms) {
  absl::StatusOr<GenerateRegistrationArgs> args = ParseGenerateRegistrationArgs(
      {"--config", "c.yaml", "--output=reg.yaml", "--url", "http://x:9000"});
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_EQ(args->config_path, "c.yaml");
  EXPECT_EQ(args->output_path, "reg.yaml");
  EXPECT_EQ(args->url, "http://x:9000");
}

TEST(ParseGenerateRegistrationArgsTest, RejectsUnknownMissingAndRepeated) {
  EXPECT_THAT(ParseGenerateRegistrationArgs({"--frobnicate"}).status().message(),
              HasSubstr("--frobnicate"));
  EXPECT_THAT(ParseGenerateRegistrationArgs({"--output"}).status().message(),
              HasSubstr("needs a value"));
  EXPECT_FALSE(ParseGenerateRegistrationArgs({"--url=a", "--url=b"}).ok());
  EXPECT_FALSE(ParseGenerateRegistrationArgs({"--url="}).ok());
}

TEST(RunGenerateRegistrationTest, WritesAPrivateFileWithTheGivenTokens) {
  absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create("registration");
  ASSERT_TRUE(dir.ok());
  std::string config_path = dir->File("router.yaml");
  ASSERT_TRUE(testing::WriteFile(config_path, kConfig).ok());
  GenerateRegistrationArgs args;
  args.config_path = config_path;
  args.output_path = dir->File("registration.yaml");
  args.url = "http://10.1.2.3:9000";
  std::ostringstream out;
  ASSERT_TRUE(
      RunGenerateRegistration(args,
                              common::MapEnvironment({{"MXEDGE_HOMESERVER_AS_TOKEN", "a1"},
                                                      {"MXEDGE_HOMESERVER_HS_TOKEN", "h1"}}),
                              out)
          .ok());
  EXPECT_TRUE(out.str().empty());
  struct stat st {};
  ASSERT_EQ(stat(args.output_path->c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  YAML::Node doc = YAML::LoadFile(*args.output_path);
  EXPECT_EQ(doc["url"].as<std::string>(), "http://10.1.2.3:9000");
  EXPECT_EQ(doc["as_token"].as<std::string>(), "a1");
  EXPECT_EQ(doc["hs_token"].as<std::string>(), "h1");
  EXPECT_EQ(doc["namespaces"]["users"][0]["regex"].as<std::string>(),
            "^@irc_libera_.+:example\\.org$");
}

TEST(RunGenerateRegistrationTest, MakesRandomTokensAndReportsConfigErrors) {
  std::ostringstream out;
  ASSERT_TRUE(RunGenerateRegistration({}, common::MapEnvironment({}), out).ok());
  YAML::Node doc = YAML::Load(out.str());
  EXPECT_EQ(doc["as_token"].as<std::string>().size(), 64u);
  EXPECT_NE(doc["as_token"].as<std::string>(), doc["hs_token"].as<std::string>());

  absl::Status bad = RunGenerateRegistration(
      {}, common::MapEnvironment({{"MXEDGE_HOMESERVER_SERVER_NAME", ""}}), out);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.message(), HasSubstr("homeserver.server_name"));
}

}  // namespace
}  // namespace mxedge::appservice_router
