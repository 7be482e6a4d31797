#pragma once
// The RFC 1413 (ident) protocol, pure: the query line a server sends ("<port-on-server> ,
// <port-on-client>", the first port being ours, the local end of our connection to it) and the
// reply lines. No I/O.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mxedge::irc_worker {

// Longest query line accepted, CRLF included. RFC 1413 queries are two port numbers; servers send
// well under 20 bytes.
inline constexpr std::size_t kMaxIdentQueryBytes = 64;

struct IdentQuery {
  std::uint16_t local_port = 0;   // port-on-server: our end of the connection being asked about
  std::uint16_t remote_port = 0;  // port-on-client: the asking server's end (6667, 6697, ...)
};

// Parses one query line, with or without its CR LF. Spaces and tabs may surround the numbers and
// the comma. InvalidArgumentError naming what is wrong: an empty or over-long line, a missing
// comma, a port that is not 1-65535 written in at most five digits, or anything after the second
// port.
absl::StatusOr<IdentQuery> ParseIdentQuery(std::string_view line);

// "<local> , <remote> : USERID : UNIX : <user>\r\n". `user` must be a valid ident user name
// (IsIdentUser).
std::string FormatIdentUserReply(const IdentQuery& query, std::string_view user);

// "<local> , <remote> : ERROR : <error>\r\n", `error` one of NO-USER, INVALID-PORT, UNKNOWN-ERROR.
std::string FormatIdentErrorReply(const IdentQuery& query, std::string_view error);

// Whether `user` can be put in a reply: 1-64 bytes, no ':', ',', whitespace or control bytes.
bool IsIdentUser(std::string_view user);

}  // namespace mxedge::irc_worker
