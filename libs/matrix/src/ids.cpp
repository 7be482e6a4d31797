#include "mxedge/matrix/ids.hpp"

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl_compat.hpp"

namespace mxedge::matrix {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7F; }

absl::Status Invalid(std::string_view what, std::string_view text, std::string_view why) {
  std::string shown(text.substr(0, 64));
  for (char& c : shown) {
    if (IsControl(static_cast<unsigned char>(c))) {
      c = '?';
    }
  }
  return absl::InvalidArgumentError(absl::StrCat("invalid ", internal::Sv(what), " \"", shown,
                                                 text.size() > 64 ? "..." : "",
                                                 "\": ", internal::Sv(why)));
}

bool IsIpv4(std::string_view s) {
  int parts = 0;
  size_t i = 0;
  while (true) {
    size_t start = i;
    int value = 0;
    while (i < s.size() && IsDigit(s[i]) && i - start < 3) {
      value = value * 10 + (s[i] - '0');
      ++i;
    }
    if (i == start || value > 255) {
      return false;
    }
    ++parts;
    if (i == s.size()) {
      return parts == 4;
    }
    if (s[i] != '.' || parts == 4) {
      return false;
    }
    ++i;
  }
}

// RFC 4291 text form, including "::" compression and a trailing dotted IPv4.
bool IsIpv6(std::string_view s) {
  if (s.empty() || s.size() > 45) {
    return false;
  }
  int groups = 0;
  bool compressed = false;
  size_t i = 0;
  if (s.substr(0, 2) == "::") {
    compressed = true;
    i = 2;
    if (i == s.size()) {
      return true;
    }
  } else if (s[0] == ':') {
    return false;
  }
  while (i < s.size()) {
    size_t start = i;
    while (i < s.size() && IsHex(s[i]) && i - start < 4) {
      ++i;
    }
    if (i < s.size() && s[i] == '.') {
      // Embedded IPv4 must be the last 32 bits.
      if (!IsIpv4(s.substr(start))) {
        return false;
      }
      groups += 2;
      i = s.size();
      break;
    }
    if (i == start) {
      return false;
    }
    ++groups;
    if (i == s.size()) {
      break;
    }
    if (s[i] != ':') {
      return false;
    }
    ++i;
    if (i < s.size() && s[i] == ':') {
      if (compressed) {
        return false;
      }
      compressed = true;
      ++i;
      if (i == s.size()) {
        break;
      }
    } else if (i == s.size()) {
      return false;
    }
  }
  return compressed ? groups <= 7 : groups == 8;
}

bool IsDnsName(std::string_view s) {
  if (s.empty() || s.size() > 255) {
    return false;
  }
  for (char c : s) {
    if (!IsAlpha(c) && !IsDigit(c) && c != '-' && c != '.') {
      return false;
    }
  }
  return true;
}

bool IsStrictLocalpartChar(char c) {
  return (c >= 'a' && c <= 'z') || IsDigit(c) || c == '.' || c == '_' || c == '=' || c == '-' ||
         c == '/' || c == '+';
}

bool IsHistoricalLocalpartChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x21 && u <= 0x7E && c != ':';
}

// Splits "<sigil><local>:<server>" at the first ':'; the server part must be a server name.
absl::Status SplitSigilled(std::string_view what, std::string_view text, char sigil,
                           std::string_view& local, std::string_view& server) {
  if (text.empty()) {
    return Invalid(what, text, "empty");
  }
  if (text.size() > kMaxIdBytes) {
    return Invalid(what, text, absl::StrCat("longer than ", kMaxIdBytes, " bytes"));
  }
  if (text[0] != sigil) {
    return Invalid(what, text, absl::StrCat("must start with '", std::string(1, sigil), "'"));
  }
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    return Invalid(what, text, "missing ':' before the server name");
  }
  local = text.substr(1, colon - 1);
  server = text.substr(colon + 1);
  if (local.empty()) {
    return Invalid(what, text, "empty localpart");
  }
  if (absl::StatusOr<ServerName> parsed = ParseServerName(server); !parsed.ok()) {
    return Invalid(what, text, internal::Std(parsed.status().message()));
  }
  return absl::OkStatus();
}

}  // namespace

std::string ServerName::ToString() const {
  std::string out = kind == HostKind::kIpv6 ? absl::StrCat("[", host, "]") : host;
  if (port) {
    absl::StrAppend(&out, ":", *port);
  }
  return out;
}

absl::StatusOr<ServerName> ParseServerName(std::string_view text) {
  constexpr std::string_view kWhat = "server name";
  if (text.empty()) {
    return Invalid(kWhat, text, "empty");
  }
  ServerName out;
  std::string_view host = text;
  std::string_view port;
  bool has_port = false;
  if (text[0] == '[') {
    const size_t close = text.find(']');
    if (close == std::string_view::npos) {
      return Invalid(kWhat, text, "unterminated '['");
    }
    host = text.substr(1, close - 1);
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':') {
        return Invalid(kWhat, text, "unexpected text after ']'");
      }
      has_port = true;
      port = rest.substr(1);
    }
    if (!IsIpv6(host)) {
      return Invalid(kWhat, text, "invalid IPv6 address");
    }
    out.kind = HostKind::kIpv6;
  } else {
    const size_t colon = text.find(':');
    if (colon != std::string_view::npos) {
      host = text.substr(0, colon);
      port = text.substr(colon + 1);
      has_port = true;
    }
    if (host.empty()) {
      return Invalid(kWhat, text, "empty host");
    }
    bool all_digits_and_dots = true;
    for (char c : host) {
      all_digits_and_dots = all_digits_and_dots && (IsDigit(c) || c == '.');
    }
    if (all_digits_and_dots && IsIpv4(host)) {
      out.kind = HostKind::kIpv4;
    } else if (IsDnsName(host)) {
      out.kind = HostKind::kDnsName;
    } else {
      return Invalid(kWhat, text, "host has characters outside [A-Za-z0-9.-]");
    }
  }
  if (has_port) {
    if (port.empty() || port.size() > 5) {
      return Invalid(kWhat, text, "port must be 1 to 5 digits");
    }
    uint32_t value = 0;
    for (char c : port) {
      if (!IsDigit(c)) {
        return Invalid(kWhat, text, "port must be digits");
      }
      value = value * 10 + static_cast<uint32_t>(c - '0');
    }
    if (value == 0 || value > 65535) {
      return Invalid(kWhat, text, "port out of range 1..65535");
    }
    out.port = static_cast<uint16_t>(value);
  }
  out.host = std::string(host);
  return out;
}

std::string UserId::ToString() const { return absl::StrCat("@", localpart, ":", server_name); }

bool IsValidUserLocalpart(std::string_view localpart, UserIdGrammar grammar) {
  if (localpart.empty()) {
    return false;
  }
  for (char c : localpart) {
    if (grammar == UserIdGrammar::kStrict ? !IsStrictLocalpartChar(c)
                                          : !IsHistoricalLocalpartChar(c)) {
      return false;
    }
  }
  return true;
}

absl::StatusOr<UserId> ParseUserId(std::string_view text, UserIdGrammar grammar) {
  constexpr std::string_view kWhat = "user id";
  std::string_view local;
  std::string_view server;
  if (absl::Status s = SplitSigilled(kWhat, text, '@', local, server); !s.ok()) {
    return s;
  }
  if (!IsValidUserLocalpart(local, grammar)) {
    return Invalid(kWhat, text,
                   grammar == UserIdGrammar::kStrict
                       ? "localpart allows only [a-z0-9._=/+-]"
                       : "localpart allows only printable ASCII other than ':'");
  }
  return UserId{std::string(local), std::string(server)};
}

absl::StatusOr<std::string> LocalpartOf(std::string_view user_id) {
  absl::StatusOr<UserId> parsed = ParseUserId(user_id);
  if (!parsed.ok()) {
    return parsed.status();
  }
  return std::move(parsed->localpart);
}

std::string RoomId::ToString() const {
  return server_name.empty() ? absl::StrCat("!", opaque)
                             : absl::StrCat("!", opaque, ":", server_name);
}

absl::StatusOr<RoomId> ParseRoomId(std::string_view text) {
  constexpr std::string_view kWhat = "room id";
  if (text.empty()) {
    return Invalid(kWhat, text, "empty");
  }
  if (text.size() > kMaxIdBytes) {
    return Invalid(kWhat, text, absl::StrCat("longer than ", kMaxIdBytes, " bytes"));
  }
  if (text[0] != '!') {
    return Invalid(kWhat, text, "must start with '!'");
  }
  const size_t colon = text.find(':');
  std::string_view opaque = text.substr(1, colon == std::string_view::npos ? text.npos : colon - 1);
  if (opaque.empty()) {
    return Invalid(kWhat, text, "empty opaque part");
  }
  for (char c : opaque) {
    if (IsControl(static_cast<unsigned char>(c))) {
      return Invalid(kWhat, text, "control character");
    }
  }
  RoomId out{std::string(opaque), ""};
  if (colon != std::string_view::npos) {
    std::string_view server = text.substr(colon + 1);
    if (absl::StatusOr<ServerName> parsed = ParseServerName(server); !parsed.ok()) {
      return Invalid(kWhat, text, internal::Std(parsed.status().message()));
    }
    out.server_name = std::string(server);
  }
  return out;
}

std::string RoomAlias::ToString() const { return absl::StrCat("#", localpart, ":", server_name); }

absl::StatusOr<RoomAlias> ParseRoomAlias(std::string_view text) {
  constexpr std::string_view kWhat = "room alias";
  std::string_view local;
  std::string_view server;
  if (absl::Status s = SplitSigilled(kWhat, text, '#', local, server); !s.ok()) {
    return s;
  }
  for (char c : local) {
    if (IsControl(static_cast<unsigned char>(c))) {
      return Invalid(kWhat, text, "control character in localpart");
    }
  }
  return RoomAlias{std::string(local), std::string(server)};
}

absl::Status ValidateEventId(std::string_view text) {
  constexpr std::string_view kWhat = "event id";
  if (text.empty()) {
    return Invalid(kWhat, text, "empty");
  }
  if (text.size() > kMaxIdBytes) {
    return Invalid(kWhat, text, absl::StrCat("longer than ", kMaxIdBytes, " bytes"));
  }
  if (text[0] != '$') {
    return Invalid(kWhat, text, "must start with '$'");
  }
  if (text.size() == 1) {
    return Invalid(kWhat, text, "empty opaque part");
  }
  for (char c : text) {
    if (IsControl(static_cast<unsigned char>(c))) {
      return Invalid(kWhat, text, "control character");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateRoomIdOrAlias(std::string_view text) {
  if (!text.empty() && text[0] == '#') {
    return ParseRoomAlias(text).status();
  }
  if (!text.empty() && text[0] == '!') {
    return ParseRoomId(text).status();
  }
  return Invalid("room id or alias", text, "must start with '!' or '#'");
}

}  // namespace mxedge::matrix
