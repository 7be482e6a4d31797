#pragma once
// Size limits of one IRC line (RFC 1459 §2.3, IRCv3 message-tags).
#include <cstddef>

namespace mxedge::irc {

// The tag section, counted from the leading '@' up to and including the space after it.
inline constexpr std::size_t kMaxTagSectionBytes = 8191;
// Everything after the tag section, including the CRLF (RFC 1459). Servers announcing LINELEN
// raise it.
inline constexpr std::size_t kMaxBodyBytes = 512;
// Parameters per message (RFC 2812: 14 middle parameters and a trailing one).
inline constexpr std::size_t kMaxParams = 15;

// The limits a line is checked against when parsed or formatted.
struct LineLimits {
  std::size_t max_tag_section_bytes = kMaxTagSectionBytes;
  std::size_t max_body_bytes = kMaxBodyBytes;  // including the CRLF

  // The longest line (tags, body and CRLF) these limits allow.
  std::size_t MaxLineBytes() const { return max_tag_section_bytes + max_body_bytes; }
};

}  // namespace mxedge::irc
