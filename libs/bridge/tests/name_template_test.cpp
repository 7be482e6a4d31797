#include "mxedge/bridge/name_template.hpp"

#include <array>

#include <gtest/gtest.h>

namespace mxedge::bridge {
namespace {

constexpr std::array<std::string_view, 2> kVars = {"NETWORK", "NICK"};

bool AnyChar(std::string_view, char) { return true; }

TEST(NameTemplateTest, ExpandsVariablesAndDollar) {
  absl::StatusOr<NameTemplate> t = NameTemplate::Parse("irc_$NETWORK_$NICK$$", kVars);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->Expand({{"NETWORK", "libera"}, {"NICK", "alice"}}), "irc_libera_alice$");
}

TEST(NameTemplateTest, RejectsUnknownVariable) {
  absl::StatusOr<NameTemplate> t = NameTemplate::Parse("irc_$SERVER", kVars);
  EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(t.status().message().find("$SERVER"), std::string::npos);
}

TEST(NameTemplateTest, RejectsBareDollarDuplicateAndAdjacentVariables) {
  EXPECT_FALSE(NameTemplate::Parse("a$", kVars).ok());
  EXPECT_FALSE(NameTemplate::Parse("a$1", kVars).ok());
  EXPECT_FALSE(NameTemplate::Parse("$NICK_$NICK", kVars).ok());
  EXPECT_FALSE(NameTemplate::Parse("$NETWORK$NICK", kVars).ok());
}

TEST(NameTemplateTest, RequiresListedVariables) {
  EXPECT_FALSE(NameTemplate::Parse("irc_$NICK", kVars, kVars).ok());
  EXPECT_TRUE(NameTemplate::Parse("irc_$NICK_$NETWORK", kVars, kVars).ok());
}

TEST(NameTemplateTest, MatchReadsValuesBack) {
  absl::StatusOr<NameTemplate> t = NameTemplate::Parse("irc_$NETWORK_$NICK", kVars);
  ASSERT_TRUE(t.ok());
  auto values = t->Match("irc_libera_foo_bar",
                         [](std::string_view var, char c) { return var == "NICK" || c != '_'; });
  ASSERT_TRUE(values.ok()) << values.status();
  EXPECT_EQ(values->at("NETWORK"), "libera");
  EXPECT_EQ(values->at("NICK"), "foo_bar");
}

TEST(NameTemplateTest, MatchFailsOnOtherForms) {
  absl::StatusOr<NameTemplate> t = NameTemplate::Parse("irc_$NETWORK_$NICK", kVars);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->Match("xmpp_a_b", AnyChar).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(t->Match("irc_a_", AnyChar).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(t->Match("irc__b", AnyChar).status().code(), absl::StatusCode::kNotFound);
}

TEST(NameTemplateTest, MatchBacktracksPastEarlyLiteral) {
  absl::StatusOr<NameTemplate> t = NameTemplate::Parse("$NETWORK.x.$NICK", kVars);
  ASSERT_TRUE(t.ok());
  auto values = t->Match("a.x.b.x.c", AnyChar);
  ASSERT_TRUE(values.ok());
  EXPECT_EQ(values->at("NETWORK"), "a");
  EXPECT_EQ(values->at("NICK"), "b.x.c");
}

}  // namespace
}  // namespace mxedge::bridge
