#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "config.hpp"

namespace mxedge::irc_worker {
namespace {

using ::testing::HasSubstr;

common::ConfigSource Network(const std::string& extra) {
  common::ConfigSource source;
  source.text = absl::StrCat(
      "networks:\n  - id: local\n    host: irc.example.org\n    channels: ['#a=!room:hs']\n",
      extra);
  return source;
}

common::EnvLookup Token() {
  return common::MapEnvironment({{"MXEDGE_GRPC_INTERNAL_TOKEN", "internal-secret"}});
}

TEST(NickTemplateConfigTest, DefaultsToTheDisplayName) {
  absl::StatusOr<Config> config = LoadConfig(Network(""), Token());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->networks.at(0).nick_template, "$DISPLAY[m]");
}

TEST(NickTemplateConfigTest, AcceptsTheLocalpartAndRefusesTemplatesWithoutTheUser) {
  absl::StatusOr<Config> config =
      LoadConfig(Network("    nick_template: \"mx-$LOCALPART\"\n"), Token());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->networks.at(0).nick_template, "mx-$LOCALPART");

  config = LoadConfig(Network("    nick_template: \"[$USERID]\"\n"), Token());
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(),
              HasSubstr("networks[local].nick_template: must contain $DISPLAY or $LOCALPART"));
  config = LoadConfig(Network("    nick_template: \"$NICK[m]\"\n"), Token());
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("networks[local].nick_template"));
}

}  // namespace
}  // namespace mxedge::irc_worker
