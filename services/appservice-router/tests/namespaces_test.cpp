#include "namespaces.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

namespace mxedge::appservice_router {
namespace {

Config TwoNetworks() {
  Config config;
  config.homeserver.server_name = "example.org";
  IrcNetworkConfig libera;
  libera.id = "libera";
  IrcNetworkConfig oftc;
  oftc.id = "oftc";
  oftc.ghost_localpart_template = "$NICK.oftc";
  oftc.receive_ephemeral = true;
  config.irc_networks = {libera, oftc};
  return config;
}

bool AnyMatches(const std::vector<std::string>& regexes, const std::string& id) {
  for (const std::string& r : regexes) {
    if (std::regex_search(id, std::regex(r, std::regex::extended))) {
      return true;
    }
  }
  return false;
}

TEST(NamespacesTest, ClassifiesGhostsBotsAndForeignUsers) {
  absl::StatusOr<Namespaces> ns = Namespaces::Create(TwoNetworks());
  ASSERT_TRUE(ns.ok()) << ns.status();
  UserClass ghost = ns->ClassifyUser("@irc_libera_alice:example.org");
  EXPECT_EQ(ghost.role, UserRole::kIrcGhost);
  ASSERT_TRUE(ghost.sink.has_value());
  EXPECT_EQ(ghost.sink->Name(), "irc:libera");
  EXPECT_EQ(ghost.variable, "alice");
  UserClass suffix_ghost = ns->ClassifyUser("@bob.oftc:example.org");
  EXPECT_EQ(suffix_ghost.role, UserRole::kIrcGhost);
  EXPECT_EQ(suffix_ghost.sink->Name(), "irc:oftc");
  EXPECT_EQ(suffix_ghost.variable, "bob");
  EXPECT_EQ(ns->ClassifyUser("@irc_libera:example.org").role, UserRole::kIrcBot);
  EXPECT_EQ(ns->ClassifyUser("@micropub:example.org").role, UserRole::kMicropubBot);
  EXPECT_EQ(ns->ClassifyUser("@micropub:example.org").sink->Name(), "micropub");
  EXPECT_EQ(ns->ClassifyUser("@mxedge:example.org").role, UserRole::kSender);
  EXPECT_EQ(ns->ClassifyUser("@alice:example.org").role, UserRole::kForeign);
  EXPECT_EQ(ns->ClassifyUser("@irc_libera_alice:other.org").role, UserRole::kForeign);
  EXPECT_EQ(ns->ClassifyUser("@irc_libera_:example.org").role, UserRole::kForeign);
  EXPECT_EQ(ns->ClassifyUser("irc_libera_alice").role, UserRole::kForeign);
  EXPECT_EQ(ns->ClassifyUser("").role, UserRole::kForeign);
  EXPECT_TRUE(ns->IsOurUser("@irc_libera:example.org"));
  EXPECT_FALSE(ns->IsOurUser("@alice:example.org"));
}

TEST(NamespacesTest, ClassifiesAliases) {
  absl::StatusOr<Namespaces> ns = Namespaces::Create(TwoNetworks());
  ASSERT_TRUE(ns.ok());
  std::optional<AliasClass> alias = ns->ClassifyAlias("#irc_oftc_debian:example.org");
  ASSERT_TRUE(alias.has_value());
  EXPECT_EQ(alias->sink.Name(), "irc:oftc");
  EXPECT_EQ(alias->channel, "debian");
  EXPECT_FALSE(ns->ClassifyAlias("#random:example.org").has_value());
  EXPECT_FALSE(ns->ClassifyAlias("#irc_oftc_debian:elsewhere").has_value());
  EXPECT_FALSE(ns->ClassifyAlias("@irc_oftc_debian:example.org").has_value());
}

TEST(NamespacesTest, RegexesMatchExactlyWhatClassificationAccepts) {
  absl::StatusOr<Namespaces> ns = Namespaces::Create(TwoNetworks());
  ASSERT_TRUE(ns.ok());
  EXPECT_TRUE(AnyMatches(ns->user_regexes(), "@irc_libera_alice:example.org"));
  EXPECT_TRUE(AnyMatches(ns->user_regexes(), "@bob.oftc:example.org"));
  EXPECT_TRUE(AnyMatches(ns->user_regexes(), "@irc_oftc:example.org"));
  EXPECT_TRUE(AnyMatches(ns->user_regexes(), "@micropub:example.org"));
  EXPECT_FALSE(AnyMatches(ns->user_regexes(), "@alice:example.org"));
  EXPECT_FALSE(AnyMatches(ns->user_regexes(), "@irc_libera_alice:exampleXorg"));
  EXPECT_TRUE(AnyMatches(ns->alias_regexes(), "#irc_libera_matrix:example.org"));
  EXPECT_FALSE(AnyMatches(ns->alias_regexes(), "#matrix:example.org"));
}

TEST(NamespacesTest, EphemeralSinksAreTheSubscribedOnes) {
  absl::StatusOr<Namespaces> ns = Namespaces::Create(TwoNetworks());
  ASSERT_TRUE(ns.ok());
  ASSERT_EQ(ns->sinks().size(), 3u);
  ASSERT_EQ(ns->ephemeral_sinks().size(), 1u);
  EXPECT_EQ(ns->ephemeral_sinks()[0].Name(), "irc:oftc");
  EXPECT_TRUE(ns->FindSink("micropub").has_value());
  EXPECT_FALSE(ns->FindSink("irc:efnet").has_value());
  EXPECT_EQ(ns->SinkForProtocol("irc")->kind, SinkKind::kIrc);
  EXPECT_FALSE(ns->SinkForProtocol("xmpp").has_value());
}

TEST(NamespacesTest, RejectsOverlapsAndStrayPlaceholders) {
  Config overlap = TwoNetworks();
  overlap.irc_networks[1].ghost_localpart_template = "irc_libera_$NICK";
  absl::StatusOr<Namespaces> ns = Namespaces::Create(overlap);
  ASSERT_FALSE(ns.ok());
  EXPECT_THAT(ns.status().message(), ::testing::HasSubstr("overlaps"));

  Config bot_in_ghosts = TwoNetworks();
  bot_in_ghosts.micropub.bot_localpart = "irc_libera_micropub";
  EXPECT_FALSE(Namespaces::Create(bot_in_ghosts).ok());

  Config stray = TwoNetworks();
  stray.irc_networks[0].ghost_localpart_template = "irc_$FOO_$NICK";
  ns = Namespaces::Create(stray);
  ASSERT_FALSE(ns.ok());
  EXPECT_THAT(ns.status().message(),
              ::testing::HasSubstr("irc.networks[libera].ghost_localpart_template"));
}

TEST(RegexEscapeTest, EscapesMetacharacters) {
  EXPECT_EQ(RegexEscape("a.b+c"), "a\\.b\\+c");
  EXPECT_EQ(RegexEscape("[x](y)"), "\\[x\\]\\(y\\)");
}

}  // namespace
}  // namespace mxedge::appservice_router
