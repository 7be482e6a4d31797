#include "mxedge/http/percent_encoding.hpp"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "string_view_compat.hpp"

namespace mxedge::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

bool IsUnreserved(unsigned char c) {
  return absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

}  // namespace

absl::StatusOr<std::string> PercentDecode(std::string_view text, PlusMeaning plus) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) {
        return absl::InvalidArgumentError(absl::StrCat("truncated percent escape at offset ", i));
      }
      const int hi = HexValue(text[i + 1]);
      const int lo = HexValue(text[i + 2]);
      if (hi < 0 || lo < 0) {
        return absl::InvalidArgumentError(absl::StrCat(
            "invalid percent escape '", internal::ToAbsl(text.substr(i, 3)), "' at offset ", i));
      }
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus == PlusMeaning::kSpace) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (IsUnreserved(u)) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0x0f]);
    }
  }
  return out;
}

absl::StatusOr<std::multimap<std::string, std::string>> ParseQueryString(std::string_view query) {
  std::multimap<std::string, std::string> out;
  if (query.empty()) {
    return out;
  }
  for (absl::string_view abseil_part :
       absl::StrSplit(internal::ToAbsl(query), '&', absl::SkipEmpty())) {
    const std::string_view part = internal::ToStd(abseil_part);
    const size_t eq = part.find('=');
    std::string_view raw_key = part.substr(0, eq);
    std::string_view raw_value = eq == std::string_view::npos ? "" : part.substr(eq + 1);
    auto key = PercentDecode(raw_key, PlusMeaning::kSpace);
    if (!key.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("query parameter name: ", key.status().message()));
    }
    auto value = PercentDecode(raw_value, PlusMeaning::kSpace);
    if (!value.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("query parameter '", *key, "': ", value.status().message()));
    }
    out.emplace(std::move(*key), std::move(*value));
  }
  return out;
}

std::string BuildQueryString(const std::multimap<std::string, std::string>& params) {
  std::string out;
  for (const auto& [key, value] : params) {
    if (!out.empty()) {
      out.push_back('&');
    }
    absl::StrAppend(&out, PercentEncode(key), "=", PercentEncode(value));
  }
  return out;
}

}  // namespace mxedge::http
