#pragma once
// UTF-8 decoding and the code point classes message splitting and nick sanitising need.
#include <cstddef>
#include <string_view>

namespace mxedge::irc::internal {

struct DecodedCodePoint {
  char32_t value;      // U+FFFD when `valid` is false
  std::size_t length;  // bytes taken: 1-4, 1 for an ill-formed byte
  bool valid;
};

// Decodes the code point starting at `text[pos]` (RFC 3629: no overlongs, no surrogates, nothing
// above U+10FFFF). `pos` must be inside `text`.
DecodedCodePoint DecodeUtf8At(std::string_view text, std::size_t pos);

bool IsValidUtf8(std::string_view text);

// Code points that continue the cluster before them: combining marks, variation selectors,
// emoji modifiers, tag characters, ZWJ/ZWNJ and the common spacing/nonspacing script signs.
bool IsClusterExtender(char32_t cp);

bool IsRegionalIndicator(char32_t cp);

inline constexpr char32_t kZeroWidthJoiner = 0x200D;

}  // namespace mxedge::irc::internal
