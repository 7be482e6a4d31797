#include "mxedge/bridge/power_levels.hpp"

#include <gtest/gtest.h>

namespace mxedge::bridge {
namespace {

using nlohmann::json;

std::optional<std::string> UserOf(std::string_view nick) {
  if (nick == "bob" || nick == "eve" || nick == "admin") {
    return "@irc_net_" + std::string(nick) + ":hs";
  }
  return std::nullopt;
}

std::string NoModes(std::string_view) { return ""; }

TEST(PowerLevelsForModesTest, OpAndVoiceInOneBatch) {
  const json levels = {{"users", {{"@bot:hs", 100}}}};
  std::optional<json> updated = PowerLevelsForModes(
      {{true, 'o', "bob"}, {true, 'v', "eve"}, {true, 'o', "stranger"}}, levels, UserOf, NoModes);
  ASSERT_TRUE(updated.has_value());
  EXPECT_EQ((*updated)["users"],
            json({{"@bot:hs", 100}, {"@irc_net_bob:hs", 50}, {"@irc_net_eve:hs", 1}}));
}

TEST(PowerLevelsForModesTest, DeopKeepsVoiceLevel) {
  const json levels = {{"users", {{"@irc_net_bob:hs", 50}}}};
  std::optional<json> updated = PowerLevelsForModes(
      {{false, 'o', "bob"}}, levels, UserOf, [](std::string_view) { return std::string("ov"); });
  ASSERT_TRUE(updated.has_value());
  EXPECT_EQ((*updated)["users"]["@irc_net_bob:hs"], 1);
  updated = PowerLevelsForModes({{false, 'o', "bob"}}, levels, UserOf, NoModes);
  ASSERT_TRUE(updated.has_value());
  EXPECT_FALSE((*updated)["users"].contains("@irc_net_bob:hs"));
}

TEST(PowerLevelsForModesTest, NothingToChangeGivesNothing) {
  const json levels = {{"users", {{"@irc_net_bob:hs", 50}}}};
  EXPECT_FALSE(PowerLevelsForModes({{true, 'o', "bob"}}, levels, UserOf, NoModes).has_value());
  EXPECT_FALSE(PowerLevelsForModes({{true, 'i', std::nullopt}}, levels, UserOf, NoModes));
  // +o then -o in one batch is no change.
  EXPECT_FALSE(PowerLevelsForModes({{true, 'o', "eve"}, {false, 'o', "eve"}}, json::object(),
                                   UserOf, NoModes));
}

TEST(PowerLevelsForModesTest, NeverLowersMatrixAdmins) {
  const json levels = {{"users", {{"@irc_net_admin:hs", 100}}}};
  EXPECT_FALSE(PowerLevelsForModes({{false, 'o', "admin"}}, levels, UserOf, NoModes));
}

std::optional<std::string> NickOf(std::string_view user) {
  if (user == "@alice:hs") {
    return "alice[m]";
  }
  if (user == "@irc_net_bob:hs") {
    return "bob";
  }
  return std::nullopt;
}

TEST(ModesForPowerLevelsTest, PromotionAndDemotion) {
  const json before = {{"users", {{"@irc_net_bob:hs", 50}, {"@matrixonly:hs", 0}}}};
  const json after = {{"users", {{"@alice:hs", 50}, {"@irc_net_bob:hs", 1}}}};
  std::vector<irc::Message> lines = ModesForPowerLevels(before, after, "#c", NickOf, true);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].params, (std::vector<std::string>{"#c", "+o-o", "alice[m]", "bob"}));
  EXPECT_TRUE(ModesForPowerLevels(before, after, "#c", NickOf, false).empty());
}

TEST(ModesForPowerLevelsTest, SplitsByModesPerLine) {
  const json after = {{"users", {{"@alice:hs", 1}, {"@irc_net_bob:hs", 1}}}};
  std::vector<irc::Message> lines =
      ModesForPowerLevels(json::object(), after, "#c", NickOf, true, 1);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].params, (std::vector<std::string>{"#c", "+v", "alice[m]"}));
  EXPECT_EQ(lines[1].params, (std::vector<std::string>{"#c", "+v", "bob"}));
}

}  // namespace
}  // namespace mxedge::bridge
