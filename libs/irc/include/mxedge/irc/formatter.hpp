#pragma once
// Formatting of one IRC message for the wire.
#include <string>

#include "absl/status/statusor.h"
#include "mxedge/irc/limits.hpp"
#include "mxedge/irc/message.hpp"

namespace mxedge::irc {

// The message as one wire line ending in "\r\n". Tag values are escaped; the last parameter is
// written after ':' only when it needs it (empty, has a space or starts with ':').
// InvalidArgumentError, naming the part, for what no server could read back as `message`: an
// invalid or repeated tag key, a NUL in a tag value, an empty nick or a prefix part with a
// separator or space in it, a command that is neither letters nor a three-digit numeric, more
// than 15 parameters, a CR, LF or NUL in a parameter, an empty middle parameter, a space in a
// middle parameter, a middle parameter starting with ':', and a tag section or body over `limits`.
// For every message this accepts, ParseMessage(FormatMessage(m)) == m.
absl::StatusOr<std::string> FormatMessage(const Message& message, const LineLimits& limits = {});

}  // namespace mxedge::irc
