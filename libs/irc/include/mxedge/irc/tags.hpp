#pragma once
// IRCv3 message-tag keys and value escaping.
#include <string>
#include <string_view>

namespace mxedge::irc {

// Whether `key` is a valid tag key: an optional '+', an optional vendor (a host name of letters,
// digits, '-' and '.') followed by '/', then a non-empty name of letters, digits and '-'.
bool IsValidTagKey(std::string_view key);

// Escapes a tag value for the wire: ';' → "\:", ' ' → "\s", '\' → "\\", CR → "\r", LF → "\n".
std::string EscapeTagValue(std::string_view value);
// The same, appended to `out`.
void AppendEscapedTagValue(std::string_view value, std::string& out);

// Undoes EscapeTagValue. An unknown escape "\x" becomes "x"; a lone '\' at the end is dropped.
std::string UnescapeTagValue(std::string_view raw);

}  // namespace mxedge::irc
