#pragma once
// Splitting of long or multi-line text into PRIVMSG/NOTICE-sized pieces.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace mxedge::irc {

// The longest host name a server may show in a prefix (RFC 1035), for a budget computed before
// the server told us our own host.
inline constexpr std::size_t kMaxHostBytes = 63;

// How many bytes of text fit in one `command` to `target` once the server relays it to others
// as ":<source> <command> <target> :<text>\r\n" within `line_len` (LINELEN, 512 by default).
// `source` is "nick!user@host" as the server will write it. 0 when nothing fits.
std::size_t TextBudget(std::size_t line_len, std::string_view source, std::string_view command,
                       std::string_view target);

// Splits `text` into lines of at most `budget` bytes each:
// - at every "\r\n", "\n" or "\r" first; empty lines are left out (IRC cannot send them);
// - a longer line at its last space that fits (that one space is dropped), else at the last
//   character boundary that fits, keeping a base character with its combining marks, emoji
//   modifiers, ZWJ sequences and flag pairs together, else (a cluster longer than the budget)
//   at the last code point boundary; never inside a UTF-8 sequence.
// Ill-formed UTF-8 bytes are kept as they are, each counted as one character.
// A `budget` under 4 (the longest UTF-8 sequence) is an InvalidArgumentError.
absl::StatusOr<std::vector<std::string>> SplitMessage(std::string_view text, std::size_t budget);

}  // namespace mxedge::irc
