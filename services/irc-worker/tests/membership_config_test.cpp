// The membership keys of a network: bot_leaves_when_puppets and casemapping (defaults, values,
// errors naming the key).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config.hpp"

namespace mxedge::irc_worker {
namespace {

using ::testing::HasSubstr;

constexpr char kOneNetwork[] =
    "networks:\n"
    "  - id: local\n"
    "    host: irc.example.org\n"
    "    channels: ['#mxedge=!room:example.org']\n";

absl::StatusOr<Config> Load(const std::string& extra,
                            std::map<std::string, std::string, std::less<>> env = {}) {
  common::ConfigSource source;
  source.text = std::string(kOneNetwork) + extra;
  env.emplace("MXEDGE_GRPC_INTERNAL_TOKEN", "internal-secret");
  return LoadConfig(source, common::MapEnvironment(std::move(env)));
}

TEST(MembershipConfigTest, DefaultsKeepTheBotAndFoldByRfc1459) {
  absl::StatusOr<Config> config = Load("");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_FALSE(config->networks.at(0).bot_leaves_when_puppets);
  EXPECT_EQ(config->networks.at(0).casemapping, "rfc1459");
}

TEST(MembershipConfigTest, ValuesAreReadFromTheFileAndTheEnvironment) {
  absl::StatusOr<Config> config =
      Load("    bot_leaves_when_puppets: true\n    casemapping: ascii\n");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_TRUE(config->networks.at(0).bot_leaves_when_puppets);
  EXPECT_EQ(config->networks.at(0).casemapping, "ascii");

  absl::StatusOr<Config> env =
      Load("", {{"MXEDGE_NETWORKS_LOCAL_CASEMAPPING", "rfc1459-strict"},
                {"MXEDGE_NETWORKS_LOCAL_BOT_LEAVES_WHEN_PUPPETS", "true"}});
  ASSERT_TRUE(env.ok()) << env.status();
  EXPECT_EQ(env->networks.at(0).casemapping, "rfc1459-strict");
  EXPECT_TRUE(env->networks.at(0).bot_leaves_when_puppets);
}

TEST(MembershipConfigTest, AnUnknownCaseMappingNamesTheKey) {
  absl::StatusOr<Config> config = Load("    casemapping: rfc7613\n");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("networks[local].casemapping"));
  EXPECT_THAT(config.status().message(), HasSubstr("rfc7613"));
  EXPECT_FALSE(Load("    bot_leaves_when_puppets: sometimes\n").ok());
}

}  // namespace
}  // namespace mxedge::irc_worker
