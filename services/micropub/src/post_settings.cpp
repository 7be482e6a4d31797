#include "post_settings.hpp"

#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <iterator>

#include "absl/status/status.h"
#include "absl/strings/str_join.h"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/indieweb/url.hpp"

namespace mxedge::micropub {
namespace {

constexpr size_t kSlugHashBytes = 8;

PostSettings& Target(const Command& command, UserPrefs& prefs) {
  return command.scope == SettingScope::kNextPost ? prefs.next : prefs.defaults;
}

std::string ScopeText(SettingScope scope) {
  return scope == SettingScope::kNextPost ? "for your next post" : "for every post from now on";
}

std::string SettingsLine(std::string_view label, const PostSettings& s) {
  std::vector<std::string> parts;
  if (s.draft) {
    parts.emplace_back("draft");
  }
  if (!s.visibility.empty()) {
    parts.push_back(s.visibility);
  }
  if (!s.slug.empty()) {
    parts.push_back(common::Cat("slug ", s.slug));
  }
  for (const std::string& uid : s.syndicate_to) {
    parts.push_back(common::Cat("syndicate to ", uid));
  }
  if (!s.channel.empty()) {
    parts.push_back(common::Cat("channel ", s.channel));
  }
  return common::Cat(label,
                     parts.empty() ? std::string("nothing set") : absl::StrJoin(parts, ", "));
}

}  // namespace

absl::StatusOr<std::string> ApplySettingCommand(const Command& command, const LinkedSite* site,
                                                UserPrefs& prefs) {
  switch (command.kind) {
    case CommandKind::kDraft:
      if (command.scope == SettingScope::kOff) {
        prefs.defaults.draft = false;
        prefs.next.draft = false;
        return std::string("Posts are published again, not drafts.");
      }
      Target(command, prefs).draft = true;
      return common::Cat("Draft ", ScopeText(command.scope), ".");
    case CommandKind::kVisibility:
      Target(command, prefs).visibility = command.argument;
      return common::Cat("Visibility ", command.argument, " ", ScopeText(command.scope), ".");
    case CommandKind::kSlug:
      prefs.next.slug = command.argument;
      return common::Cat("Your next post gets the slug ", command.argument, ".");
    case CommandKind::kSyndicate: {
      if (command.scope == SettingScope::kOff) {
        prefs.defaults.syndicate_to.clear();
        prefs.next.syndicate_to.clear();
        return std::string("No syndication.");
      }
      if (site != nullptr && !site->syndicate_to.empty() &&
          std::find(site->syndicate_to.begin(), site->syndicate_to.end(), command.argument) ==
              site->syndicate_to.end()) {
        return absl::InvalidArgumentError(
            common::Cat("unknown syndication target ", command.argument, "; !config lists them"));
      }
      std::vector<std::string>& targets = Target(command, prefs).syndicate_to;
      if (std::find(targets.begin(), targets.end(), command.argument) == targets.end()) {
        targets.push_back(command.argument);
      }
      return common::Cat("Syndicating to ", command.argument, " ", ScopeText(command.scope), ".");
    }
    case CommandKind::kChannel:
      if (command.scope == SettingScope::kOff) {
        prefs.defaults.channel.clear();
        prefs.next.channel.clear();
        return std::string("Posts go to the default channel.");
      }
      Target(command, prefs).channel = command.argument;
      return common::Cat("Channel ", command.argument, " ", ScopeText(command.scope), ".");
    default:
      return absl::InvalidArgumentError("not a settings command");
  }
}

void ApplySettingsToPost(UserPrefs& prefs, std::string_view fallback_slug, indieweb::Post& post) {
  for (const PostSettings* s : {&prefs.defaults, &prefs.next}) {
    if (s->draft) {
      post.post_status = "draft";
    }
    if (!s->visibility.empty()) {
      post.visibility = s->visibility;
    }
    for (const std::string& uid : s->syndicate_to) {
      if (std::find(post.syndicate_to.begin(), post.syndicate_to.end(), uid) ==
          post.syndicate_to.end()) {
        post.syndicate_to.push_back(uid);
      }
    }
    if (!s->channel.empty()) {
      post.channel = s->channel;
    }
  }
  post.slug = prefs.next.slug.empty() ? std::string(fallback_slug) : prefs.next.slug;
  prefs.next = PostSettings{};
}

std::string DeterministicSlug(std::string_view event_id) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(event_id.data()), event_id.size(), digest.data());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string slug = "m-";
  for (size_t i = 0; i < kSlugHashBytes; ++i) {
    slug += kHex[digest[i] >> 4];
    slug += kHex[digest[i] & 0xf];
  }
  return slug;
}

absl::StatusOr<LinkedSite> CurrentSite(const std::vector<LinkedSite>& all, const UserPrefs& prefs) {
  std::vector<LinkedSite> sites;
  std::copy_if(all.begin(), all.end(), std::back_inserter(sites),
               [](const LinkedSite& site) { return site.confirmed; });
  if (sites.empty()) {
    return absl::FailedPreconditionError(
        "No site is linked yet: send !indieauth followed by your site's address.");
  }
  for (const LinkedSite& site : sites) {
    if (site.me == prefs.current_site) {
      return site;
    }
  }
  if (sites.size() == 1) {
    return sites.front();
  }
  return absl::FailedPreconditionError(
      "Several sites are linked: choose one with !use (see !sites).");
}

absl::StatusOr<LinkedSite> FindSite(const std::vector<LinkedSite>& sites, std::string_view typed) {
  for (const LinkedSite& site : sites) {
    if (site.confirmed && site.me == typed) {
      return site;
    }
  }
  for (const LinkedSite& site : sites) {
    absl::StatusOr<indieweb::Url> url = indieweb::ParseUrl(site.me);
    if (site.confirmed && url.ok() && (url->host == typed || url->host + "/" == typed)) {
      return site;
    }
  }
  return absl::NotFoundError(
      common::Cat("No linked site is called ", typed.substr(0, 200), "; !sites lists them."));
}

std::string SitesText(const std::vector<LinkedSite>& sites, const UserPrefs& prefs) {
  if (sites.empty()) {
    return "No site is linked yet: send !indieauth followed by your site's address.";
  }
  absl::StatusOr<LinkedSite> current = CurrentSite(sites, prefs);
  std::vector<std::string> lines = {"Your sites:"};
  for (const LinkedSite& site : sites) {
    const bool is_current = current.ok() && current->me == site.me;
    lines.push_back(common::Cat(is_current ? "* " : "  ", site.me, " (", site.scope, ")"));
  }
  return absl::StrJoin(lines, "\n");
}

std::string ConfigText(const UserPrefs& prefs, const LinkedSite* site) {
  std::vector<std::string> lines;
  if (site == nullptr) {
    lines.emplace_back("No site selected.");
  } else {
    lines.push_back(common::Cat("Posting to ", site->me));
    lines.push_back(common::Cat("Granted scopes: ", site->scope.empty() ? "-" : site->scope));
    lines.push_back(
        common::Cat("Syndication targets: ", site->syndicate_to.empty()
                                                 ? std::string("none")
                                                 : absl::StrJoin(site->syndicate_to, ", ")));
    lines.push_back(common::Cat("Categories: ", site->categories.empty()
                                                    ? std::string("none")
                                                    : absl::StrJoin(site->categories, ", ")));
  }
  lines.push_back(SettingsLine("Every post: ", prefs.defaults));
  lines.push_back(SettingsLine("Next post: ", prefs.next));
  return absl::StrJoin(lines, "\n");
}

}  // namespace mxedge::micropub
