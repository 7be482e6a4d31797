#include "post_settings.hpp"

#include <gtest/gtest.h>

#include "absl/strings/match.h"

namespace mxedge::micropub {
namespace {

Command Cmd(std::string_view body) { return **ParseCommand(body); }

LinkedSite Site(std::string me, std::vector<std::string> targets = {}) {
  LinkedSite site;
  site.me = std::move(me);
  site.micropub_endpoint = site.me + "micropub";
  site.scope = "create";
  site.syndicate_to = std::move(targets);
  return site;
}

TEST(ApplySettingCommandTest, NextPostSettingsAreUsedOnceDefaultsAlways) {
  UserPrefs prefs;
  ASSERT_TRUE(ApplySettingCommand(Cmd("!draft"), nullptr, prefs).ok());
  ASSERT_TRUE(ApplySettingCommand(Cmd("!unlisted always"), nullptr, prefs).ok());
  ASSERT_TRUE(ApplySettingCommand(Cmd("!slug hello"), nullptr, prefs).ok());
  ASSERT_TRUE(ApplySettingCommand(Cmd("!channel notes"), nullptr, prefs).ok());

  indieweb::Post first;
  ApplySettingsToPost(prefs, "m-fallback", first);
  EXPECT_EQ(first.post_status, "draft");
  EXPECT_EQ(first.visibility, "unlisted");
  EXPECT_EQ(first.slug, "hello");
  EXPECT_EQ(first.channel, "notes");

  indieweb::Post second;
  ApplySettingsToPost(prefs, "m-fallback", second);
  EXPECT_EQ(second.post_status, "");
  EXPECT_EQ(second.visibility, "unlisted");
  EXPECT_EQ(second.slug, "m-fallback");
  EXPECT_EQ(second.channel, "");
}

TEST(ApplySettingCommandTest, NextPostOverridesTheDefault) {
  UserPrefs prefs;
  ASSERT_TRUE(ApplySettingCommand(Cmd("!private always"), nullptr, prefs).ok());
  ASSERT_TRUE(ApplySettingCommand(Cmd("!public"), nullptr, prefs).ok());
  indieweb::Post post;
  ApplySettingsToPost(prefs, "s", post);
  EXPECT_EQ(post.visibility, "public");
}

TEST(ApplySettingCommandTest, OffClearsBothDefaultAndNext) {
  UserPrefs prefs;
  ASSERT_TRUE(ApplySettingCommand(Cmd("!draft always"), nullptr, prefs).ok());
  ASSERT_TRUE(ApplySettingCommand(Cmd("!draft"), nullptr, prefs).ok());
  ASSERT_TRUE(ApplySettingCommand(Cmd("!draft off"), nullptr, prefs).ok());
  EXPECT_FALSE(prefs.defaults.draft);
  EXPECT_FALSE(prefs.next.draft);
  ASSERT_TRUE(ApplySettingCommand(Cmd("!channel x always"), nullptr, prefs).ok());
  ASSERT_TRUE(ApplySettingCommand(Cmd("!channel off"), nullptr, prefs).ok());
  EXPECT_EQ(prefs.defaults.channel, "");
}

TEST(ApplySettingCommandTest, SyndicationTargetsMustBeTheSites) {
  const LinkedSite site = Site("https://a.example/", {"https://social.example/@a"});
  UserPrefs prefs;
  absl::StatusOr<std::string> unknown =
      ApplySettingCommand(Cmd("!syndicate https://other.example/"), &site, prefs);
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(unknown.status().message(), "!config lists them"));
  ASSERT_TRUE(
      ApplySettingCommand(Cmd("!syndicate https://social.example/@a always"), &site, prefs).ok());
  ASSERT_TRUE(
      ApplySettingCommand(Cmd("!syndicate https://social.example/@a always"), &site, prefs).ok());
  EXPECT_EQ(prefs.defaults.syndicate_to, std::vector<std::string>{"https://social.example/@a"});
  ASSERT_TRUE(ApplySettingCommand(Cmd("!syndicate off"), &site, prefs).ok());
  EXPECT_TRUE(prefs.defaults.syndicate_to.empty());
}

TEST(ApplySettingCommandTest, RejectsCommandsThatAreNotSettings) {
  UserPrefs prefs;
  EXPECT_EQ(ApplySettingCommand(Cmd("!undo"), nullptr, prefs).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(DeterministicSlugTest, SameEventSameSlug) {
  EXPECT_EQ(DeterministicSlug("$abc:hs"), DeterministicSlug("$abc:hs"));
  EXPECT_NE(DeterministicSlug("$abc:hs"), DeterministicSlug("$abd:hs"));
  EXPECT_EQ(DeterministicSlug("$abc:hs").size(), 18u);
  EXPECT_TRUE(DeterministicSlug("$abc:hs").starts_with("m-"));
}

TEST(CurrentSiteTest, ChosenOnlyOrAskTheUser) {
  UserPrefs prefs;
  EXPECT_EQ(CurrentSite({}, prefs).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CurrentSite({Site("https://a.example/")}, prefs)->me, "https://a.example/");
  const std::vector<LinkedSite> two = {Site("https://a.example/"), Site("https://b.example/")};
  EXPECT_TRUE(absl::StrContains(CurrentSite(two, prefs).status().message(), "!use"));
  prefs.current_site = "https://b.example/";
  EXPECT_EQ(CurrentSite(two, prefs)->me, "https://b.example/");
  std::vector<LinkedSite> unconfirmed = {Site("https://a.example/"), Site("https://b.example/")};
  unconfirmed[1].confirmed = false;
  EXPECT_EQ(CurrentSite(unconfirmed, prefs)->me, "https://a.example/");
  EXPECT_EQ(FindSite(unconfirmed, "b.example").status().code(), absl::StatusCode::kNotFound);
}

TEST(FindSiteTest, ByMeOrByHost) {
  const std::vector<LinkedSite> sites = {Site("https://a.example/"), Site("https://b.example/")};
  EXPECT_EQ(FindSite(sites, "https://b.example/")->me, "https://b.example/");
  EXPECT_EQ(FindSite(sites, "a.example")->me, "https://a.example/");
  EXPECT_EQ(FindSite(sites, "c.example").status().code(), absl::StatusCode::kNotFound);
}

TEST(SitesTextTest, MarksTheCurrentSite) {
  UserPrefs prefs;
  prefs.current_site = "https://b.example/";
  const std::string text =
      SitesText({Site("https://a.example/"), Site("https://b.example/")}, prefs);
  EXPECT_TRUE(absl::StrContains(text, "  https://a.example/ (create)"));
  EXPECT_TRUE(absl::StrContains(text, "* https://b.example/ (create)"));
  EXPECT_TRUE(absl::StrContains(SitesText({}, prefs), "!indieauth"));
}

TEST(ConfigTextTest, ShowsTargetsAndSettingsButNoSecrets) {
  LinkedSite site = Site("https://a.example/", {"https://social.example/@a"});
  site.access_token = "secret-token";
  site.categories = {"notes"};
  UserPrefs prefs;
  prefs.defaults.visibility = "unlisted";
  prefs.next.draft = true;
  const std::string text = ConfigText(prefs, &site);
  EXPECT_TRUE(absl::StrContains(text, "Posting to https://a.example/"));
  EXPECT_TRUE(absl::StrContains(text, "Syndication targets: https://social.example/@a"));
  EXPECT_TRUE(absl::StrContains(text, "Categories: notes"));
  EXPECT_TRUE(absl::StrContains(text, "Every post: unlisted"));
  EXPECT_TRUE(absl::StrContains(text, "Next post: draft"));
  EXPECT_FALSE(absl::StrContains(text, "secret-token"));
}

}  // namespace
}  // namespace mxedge::micropub
