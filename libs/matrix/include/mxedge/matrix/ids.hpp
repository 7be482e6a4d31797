#pragma once
// Matrix identifiers (client-server spec, appendix "Identifier grammar"): server names, user ids,
// room ids, room aliases and event ids. Every parser returns InvalidArgument naming what is wrong.
//
// Grammar accepted:
// - server name: host [":" port], host = IPv4 dotted quad | "[" IPv6 "]" | DNS name of
//   [A-Za-z0-9-.], 1..255 characters; port 1..65535 written with 1..5 digits.
// - user id: "@" localpart ":" server name, at most 255 bytes in all. The localpart must be
//   non-empty. UserIdGrammar::kStrict allows only [a-z0-9._=/+-] (spec v1.8+); kHistorical, the
//   default because homeservers still hold such users, allows any printable ASCII except ':'
//   (0x21-0x39, 0x3B-0x7E) as the spec says clients and servers must accept.
// - room id: "!" opaque [":" server name]; room version 12 ids carry no server name. The opaque
//   part is non-empty and has no ASCII control characters or ':'.
// - room alias: "#" localpart ":" server name; localpart non-empty without ':' or NUL or control
//   characters.
// - event id: "$" opaque [":" server name] (room versions 1-2 carry a server name, later versions
//   a URL-safe base64 hash); non-empty, no control characters, at most 255 bytes.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mxedge::matrix {

inline constexpr size_t kMaxIdBytes = 255;

enum class HostKind { kDnsName, kIpv4, kIpv6 };

struct ServerName {
  std::string host;  // as written; IPv6 without the brackets
  HostKind kind = HostKind::kDnsName;
  std::optional<uint16_t> port;

  // "host", "host:8448", "[::1]:8448".
  std::string ToString() const;
  friend bool operator==(const ServerName&, const ServerName&) = default;
};

absl::StatusOr<ServerName> ParseServerName(std::string_view text);

enum class UserIdGrammar { kStrict, kHistorical };

struct UserId {
  std::string localpart;
  std::string server_name;

  std::string ToString() const;  // "@localpart:server"
  friend bool operator==(const UserId&, const UserId&) = default;
};

absl::StatusOr<UserId> ParseUserId(std::string_view text,
                                   UserIdGrammar grammar = UserIdGrammar::kHistorical);
// Whether `localpart` is valid on its own under `grammar` (used to build ghost user ids).
bool IsValidUserLocalpart(std::string_view localpart,
                          UserIdGrammar grammar = UserIdGrammar::kHistorical);
// The localpart of a valid user id.
absl::StatusOr<std::string> LocalpartOf(std::string_view user_id);

struct RoomId {
  std::string opaque;       // without the sigil
  std::string server_name;  // empty for room version 12+ ids

  std::string ToString() const;
  friend bool operator==(const RoomId&, const RoomId&) = default;
};

absl::StatusOr<RoomId> ParseRoomId(std::string_view text);

struct RoomAlias {
  std::string localpart;
  std::string server_name;

  std::string ToString() const;  // "#localpart:server"
  friend bool operator==(const RoomAlias&, const RoomAlias&) = default;
};

absl::StatusOr<RoomAlias> ParseRoomAlias(std::string_view text);

// OK for a syntactically valid event id.
absl::Status ValidateEventId(std::string_view text);
// OK for a valid room id or room alias (what /join accepts).
absl::Status ValidateRoomIdOrAlias(std::string_view text);

}  // namespace mxedge::matrix
