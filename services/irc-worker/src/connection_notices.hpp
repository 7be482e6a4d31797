#pragma once
// The admin room's texts for what happens on a user's IRC connection: connected, lost (with
// whether it comes back), SASL refused, banned, and the server's answers to the user's own
// commands (a taken or refused nick, WHOIS replies, a channel that cannot be joined). Pure.
#include <optional>
#include <string>
#include <string_view>

#include "connection_events.hpp"
#include "mxedge/irc/message.hpp"

namespace mxedge::irc_worker {

std::string ConnectedNotice(std::string_view network, std::string_view nick);

// "Disconnected from <network>: <why>" and, for retryable reasons, that the bridge reconnects.
// nullopt for a local close (the user or the bridge asked for it).
std::optional<std::string> ClosedNotice(std::string_view network, const CloseInfo& info);

std::string SaslFailedNotice(std::string_view network, std::string_view detail);

// The notice for a server reply worth telling the user about after registration: nick errors
// (432, 433, 436, 437), WHOIS replies (311, 312, 319, 330, 401) and refused joins (403, 405, 471,
// 473, 474, 475, 477). nullopt for any other line.
std::optional<std::string> ReplyNotice(const irc::Message& message);

}  // namespace mxedge::irc_worker
