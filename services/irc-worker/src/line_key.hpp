#pragma once
// The de-dup key of an IRC line bridged to Matrix (`irc:line:<network>:<key>`), computed the same
// way by every connection that sees the line, so a receiver takeover or a re-send after a crash
// finds the record the first receiver wrote:
// - with a `msgid` tag: "id:<msgid>" (msgids that are not safe in a key are hashed: "idh:<hex>");
// - otherwise "h:<hex>", a SHA-256 (first 128 bits) over source, command, params and the
//   `server-time` tag, each length-prefixed;
// - without `server-time` either (ngircd sends neither tag), the hash also covers the line's
//   occurrence count within the de-dup window (LineOccurrences), so a person saying "ok" twice is
//   two messages. A receiver that takes over and replays its buffer counts from what it saw
//   itself, so a takeover replay may then repeat a line: the documented limit of untagged servers.
// Pure.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace mxedge::irc_worker {

struct LineIdentity {
  std::string_view msgid;        // the msgid tag's value; empty when absent
  std::string_view server_time;  // the server-time tag's value; empty when absent
  std::string_view source;       // the prefix: nick!user@host or a server name
  std::string_view command;
  std::span<const std::string> params;
};

// True when the line carries neither msgid nor server-time, so its key takes an occurrence count.
bool NeedsOccurrence(const LineIdentity& line);

// The key. `occurrence` (1-based) is used only when NeedsOccurrence(line).
std::string LineKey(const LineIdentity& line, int64_t occurrence);

}  // namespace mxedge::irc_worker
