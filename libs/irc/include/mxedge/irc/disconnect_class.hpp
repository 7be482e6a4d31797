#pragma once
// What a server's parting words mean for reconnecting.
#include <string_view>

#include "mxedge/irc/message.hpp"

namespace mxedge::irc {

enum class DisconnectClass {
  kBanned,              // K-/G-/Z-line, 465, 463: do not retry, tell the user
  kTooManyConnections,  // the I-line, connect class or per-IP limit is full: do not retry, report
  kThrottled,           // reconnecting too fast: retry after a longer delay
  kLoginRefused,        // 464 or "bad password": the PASS was refused; do not retry, tell the user
  kOther,               // anything else: retry with the usual backoff
};

std::string_view DisconnectClassName(DisconnectClass value);

// Classifies 465 and 463 as kBanned, 464 as kLoginRefused, and an ERROR message by its text,
// case-insensitively.
// The texts are those of ircd-ratbox/solanum, InspIRCd, UnrealIRCd, ngIRCd and hybrid, e.g.
// "Closing Link: ... (K-Lined)", "You are banned from this server", "No more connections allowed
// from your host via this connect class", "Connection refused, too many connections from your
// IP address", "Throttled: Reconnecting too fast". Anything else, including other numerics (474,
// banned from one channel), is kOther.
DisconnectClass ClassifyDisconnect(const Message& message);

}  // namespace mxedge::irc
