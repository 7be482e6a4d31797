#include "text.hpp"

namespace mxedge::irc::internal {

std::string Quote(std::string_view text, std::size_t max_bytes) {
  const bool cut = text.size() > max_bytes;
  const std::string_view shown = cut ? text.substr(0, max_bytes) : text;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (char c : shown) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f && c != '"' && c != '\\') {
      out += c;
    } else {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    }
  }
  out += cut ? "\"..." : "\"";
  return out;
}

bool AsciiEqualFold(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) {
      return false;
    }
  }
  return true;
}

}  // namespace mxedge::irc::internal
