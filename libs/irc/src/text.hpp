#pragma once
// Small helpers shared by the IRC sources.
#include <cstddef>
#include <string>
#include <string_view>

namespace mxedge::irc::internal {

// `text` quoted for an error message: C-escaped and cut to its first `max_bytes` bytes ("..."
// marks the cut), so a hostile line never puts control bytes or kilobytes into a log.
std::string Quote(std::string_view text, std::size_t max_bytes = 40);

inline bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
inline char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
inline char AsciiUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }

// Whether `a` and `b` are equal ignoring ASCII case.
bool AsciiEqualFold(std::string_view a, std::string_view b);

}  // namespace mxedge::irc::internal
