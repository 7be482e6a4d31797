#pragma once
// The per-user settings commands (!draft, !public|!unlisted|!private, !slug, !syndicate,
// !channel, !use) and how settings reach a post. Pure: the bot loads UserPrefs and the sites
// from the MicropubStore, calls these, and stores the prefs back.
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "command.hpp"
#include "mxedge/indieweb/micropub_post.hpp"
#include "store_records.hpp"

namespace mxedge::micropub {

// Applies a settings command (kDraft, kVisibility, kSlug, kSyndicate, kChannel) to `prefs` and
// returns the confirmation for the user. `site` is the current site (may be null): a syndication
// uid must be one of its targets when it has a list. InvalidArgument (shown to the user) for an
// unknown target, a slug "always", or a command that is not a setting.
absl::StatusOr<std::string> ApplySettingCommand(const Command& command, const LinkedSite* site,
                                                UserPrefs& prefs);

// Puts the defaults, then the next-post settings, on `post` and clears the next-post settings.
// The slug is the one set with !slug, else `fallback_slug`.
void ApplySettingsToPost(UserPrefs& prefs, std::string_view fallback_slug, indieweb::Post& post);

// The mp-slug for a post made from `event_id`: the same for every delivery of the event, so a
// server that honours mp-slug turns a repeated create into the same URL.
std::string DeterministicSlug(std::string_view event_id);

// The site posts go to: the one chosen with !use, else the only one; unconfirmed sites never
// count. FailedPrecondition with a
// message for the user when no site is linked, or several are and none is chosen.
absl::StatusOr<LinkedSite> CurrentSite(const std::vector<LinkedSite>& sites,
                                       const UserPrefs& prefs);

// The linked site the user means by `typed`: its `me` exactly, or its host ("a.example").
// NotFound with a message for the user otherwise.
absl::StatusOr<LinkedSite> FindSite(const std::vector<LinkedSite>& sites, std::string_view typed);

// The answers to !sites and !config.
std::string SitesText(const std::vector<LinkedSite>& sites, const UserPrefs& prefs);
std::string ConfigText(const UserPrefs& prefs, const LinkedSite* site);

}  // namespace mxedge::micropub
