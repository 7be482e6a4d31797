#include "mxedge/bridge/charset.hpp"

#include <array>

#include "absl/strings/ascii.h"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::bridge {
namespace {

// Windows-1252 0x80-0x9F; 0 marks the unassigned bytes (decoded as Latin-1).
constexpr std::array<char16_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

absl::StatusOr<FallbackCharset> ParseFallbackCharset(std::string_view name) {
  const std::string lower = absl::AsciiStrToLower(common::Absl(name));
  if (lower == "latin1" || lower == "latin-1" || lower == "iso-8859-1") {
    return FallbackCharset::kLatin1;
  }
  if (lower == "cp1252" || lower == "windows-1252") {
    return FallbackCharset::kCp1252;
  }
  return absl::InvalidArgumentError(
      common::Cat("unknown fallback charset \"", name, "\"; use latin1 or cp1252"));
}

bool IsValidUtf8(std::string_view bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    std::size_t length = 0;
    char32_t cp = 0;
    if (b < 0x80) {
      ++i;
      continue;
    } else if (b >= 0xC2 && b <= 0xDF) {
      length = 2;
      cp = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
      length = 3;
      cp = b & 0x0F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      length = 4;
      cp = b & 0x07;
    } else {
      return false;
    }
    if (i + length > bytes.size()) {
      return false;
    }
    for (std::size_t k = 1; k < length; ++k) {
      const auto c = static_cast<unsigned char>(bytes[i + k]);
      if ((c & 0xC0) != 0x80) {
        return false;
      }
      cp = (cp << 6) | (c & 0x3F);
    }
    if ((length == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (length == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
      return false;  // overlong, surrogate or out of range
    }
    i += length;
  }
  return true;
}

std::string DecodeIrcText(std::string_view bytes, FallbackCharset fallback) {
  if (IsValidUtf8(bytes)) {
    return std::string(bytes);
  }
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    char32_t cp = b;
    if (fallback == FallbackCharset::kCp1252 && b >= 0x80 && b <= 0x9F &&
        kCp1252High[b - 0x80] != 0) {
      cp = kCp1252High[b - 0x80];
    }
    AppendUtf8(out, cp);
  }
  return out;
}

}  // namespace mxedge::bridge
