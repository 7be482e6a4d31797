#pragma once
// The bot's commands: a DM message whose body starts with '!' (docs/micropub.md lists them).
// ParseCommand is pure and takes untrusted text: anything malformed is an InvalidArgument whose
// message can be shown to the user as it is.
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mxedge::micropub {

enum class CommandKind {
  kIndieAuth,   // !indieauth URL          link a site
  kConfirm,     // !confirm                finish linking the site just authorised
  kLogout,      // !logout [site]          revoke and forget a site (default: the current one)
  kSites,       // !sites                  list linked sites
  kUse,         // !use site               choose the site posts go to
  kConfig,      // !config                 show settings, targets and categories
  kDraft,       // !draft [always|off]     post-status draft
  kVisibility,  // !public|!unlisted|!private [always]
  kSlug,        // !slug x                 mp-slug of the next post
  kSyndicate,   // !syndicate uid|off [always]
  kChannel,     // !channel x|off [always]
  kReply,       // !reply URL text
  kLike,        // !like URL
  kRepost,      // !repost URL
  kBookmark,    // !bookmark URL [note]
  kUndo,        // !undo                   delete the last post
  kRetry,       // !retry                  post the create that is waiting for an answer
  kHelp,        // !help
};

// What a settings command changes: only the next post, every post from now on, or it clears
// the default ("off").
enum class SettingScope { kNextPost, kAlways, kOff };

struct Command {
  CommandKind kind = CommandKind::kHelp;
  std::string argument;  // site, slug, syndication uid, channel or visibility value
  std::string url;       // absolute http(s) URL (reply/like/repost/bookmark), or the
                         // profile URL as typed (indieauth; canonicalised later)
  std::string text;      // reply text, bookmark note
  SettingScope scope = SettingScope::kNextPost;
  friend bool operator==(const Command&, const Command&) = default;
};

inline constexpr size_t kMaxSlugBytes = 100;
inline constexpr size_t kMaxArgumentBytes = 2048;

// nullopt when `body` is not a command (it does not start with '!' and a letter): the
// message is a post.
// InvalidArgument for an unknown command, a missing or extra argument, a URL that is not an
// absolute http(s) URL, a slug outside [A-Za-z0-9._-] or longer than kMaxSlugBytes.
absl::StatusOr<std::optional<Command>> ParseCommand(std::string_view body);

// The text of !help: one line per command.
std::string HelpText();

}  // namespace mxedge::micropub
