#include "mxedge/bridge/localpart_escape.hpp"

#include "mxedge/common/str_cat.hpp"

namespace mxedge::bridge {
namespace {

constexpr char kHex[] = "0123456789abcdef";

bool IsPlain(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '/' ||
         c == '+' || c == '-';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  return -1;
}

}  // namespace

bool IsEscapedLocalpartChar(char c) { return IsPlain(c) || c == '='; }

std::string EscapeLocalpart(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (IsPlain(c)) {
      out.push_back(c);
      continue;
    }
    const auto byte = static_cast<unsigned char>(c);
    out.push_back('=');
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0xF]);
  }
  return out;
}

absl::StatusOr<std::string> UnescapeLocalpart(std::string_view escaped) {
  std::string out;
  out.reserve(escaped.size());
  for (std::size_t i = 0; i < escaped.size(); ++i) {
    const char c = escaped[i];
    if (IsPlain(c)) {
      out.push_back(c);
      continue;
    }
    if (c != '=') {
      return absl::InvalidArgumentError(common::Cat("escaped localpart: byte 0x",
                                                    absl::Hex(static_cast<unsigned char>(c)),
                                                    " at offset ", i, " is not allowed"));
    }
    if (i + 2 >= escaped.size()) {
      return absl::InvalidArgumentError(
          common::Cat("escaped localpart: '=' at offset ", i, " needs two hex digits"));
    }
    const int high = HexValue(escaped[i + 1]);
    const int low = HexValue(escaped[i + 2]);
    if (high < 0 || low < 0) {
      return absl::InvalidArgumentError(
          common::Cat("escaped localpart: '=' at offset ", i, " needs two lower-case hex digits"));
    }
    const char decoded = static_cast<char>(high * 16 + low);
    if (IsPlain(decoded)) {
      return absl::InvalidArgumentError(
          common::Cat("escaped localpart: '=", escaped.substr(i + 1, 2), "' at offset ", i,
                      " escapes a byte that is written plain"));
    }
    out.push_back(decoded);
    i += 2;
  }
  return out;
}

}  // namespace mxedge::bridge
