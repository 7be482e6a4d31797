#pragma once
// Parsing of one IRC line (RFC 1459/2812 with IRCv3 message tags).
#include <string_view>

#include "absl/status/statusor.h"
#include "mxedge/irc/limits.hpp"
#include "mxedge/irc/message.hpp"

namespace mxedge::irc {

// Parses `line`, which may end in one "\r\n" or "\n" (as LineFramer strips them, it usually does
// not). Every malformed line is an InvalidArgumentError that says what is wrong and where:
// an empty line, a tag section without a command, a NUL, CR or LF inside the line, a tag section
// or body over `limits`, an invalid tag key, an empty prefix part, a command that is neither
// letters nor a three-digit numeric, more than 15 parameters.
//
// Leniencies, as real servers need them: runs of spaces separate like one space; empty tags
// ("@a;;b") are skipped; a repeated tag key keeps the last value. RFC 2812's rule that a 15th
// parameter takes the rest of the line without ':' is not applied (see docs/adr/irc-protocol.md).
absl::StatusOr<Message> ParseMessage(std::string_view line, const LineLimits& limits = {});

// Parses the text after the ':' of a prefix: "nick!user@host", "nick@host", "nick" or a server
// name. An empty nick, or an empty user or host after their separator, is an InvalidArgumentError.
absl::StatusOr<Prefix> ParsePrefix(std::string_view text);

}  // namespace mxedge::irc
