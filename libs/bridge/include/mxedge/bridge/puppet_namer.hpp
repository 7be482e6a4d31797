#pragma once
// The IRC identity of a Matrix user's connection ("puppet"): nick, ident username, realname.
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "mxedge/bridge/name_template.hpp"
#include "mxedge/irc/isupport.hpp"

namespace mxedge::bridge {

// RFC 1413 answers are free text, but networks show the ident in hostmasks and bans match it:
// we keep it to what every IRCd accepts.
inline constexpr std::size_t kMaxIdentBytes = 10;
// Longer realnames are cut by some IRCds (REALLEN); 48 bytes fits all common ones.
inline constexpr std::size_t kMaxRealnameBytes = 48;

class PuppetNamer {
 public:
  static constexpr std::string_view kDefaultNickTemplate = "$DISPLAY[m]";

  // `nick_template` uses any of $DISPLAY (display name, the localpart when empty), $LOCALPART
  // and $USERID; at least one of them.
  // Rules, in order: each value is sanitised on its own (irc::SanitizeNick: accents dropped,
  // every other character a nick cannot hold → '_', a run of them one '_'); the display name is
  // trimmed of surrounding spaces first, and when nothing but '_' is left of it ("", "!!!", "李")
  // $DISPLAY is the localpart. "Alice Liddell" → "Alice_Liddell[m]".
  static absl::StatusOr<PuppetNamer> Create(std::string_view nick_template);

  // The nick for `user_id` with `display_name`, sanitised (irc::SanitizeNick) for `isupport`.
  // When the result is longer than NICKLEN the variable's value is shortened, not the template's
  // literal text, so "[m]" stays. InvalidArgumentError for a bad user id, or when no usable
  // character remains.
  absl::StatusOr<std::string> NickFor(std::string_view user_id, std::string_view display_name,
                                      const irc::ISupport& isupport) const;

 private:
  explicit PuppetNamer(NameTemplate nick) : nick_(std::move(nick)) {}

  NameTemplate nick_;
};

// The ident username of `user_id`: its localpart lower-cased, with every byte outside
// [a-z0-9_-] dropped, at most 10 bytes; "matrix" when nothing is left. InvalidArgumentError for
// a bad user id.
absl::StatusOr<std::string> IdentUsernameFor(std::string_view user_id);

// `base` with "_<n>" appended, `base` shortened so the result stays within 10 bytes, for making a
// username unique on a network (n ≥ 1).
std::string IdentUsernameWithSuffix(std::string_view base, int n);

// The realname: the user id, cut to 48 bytes with '>' as the last byte marking the cut.
// InvalidArgumentError for a bad user id.
absl::StatusOr<std::string> RealnameFor(std::string_view user_id);

}  // namespace mxedge::bridge
