#pragma once
// The Matrix names of a network's bridge, from the same per-network templates as the router's
// `irc.networks` entries: the bridge bot's localpart (`bot_localpart`, $NETWORK) and the portal
// alias (`portal_alias_template`, "#<localpart>" with $NETWORK and $CHANNEL). Pure.
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mxedge::irc_worker {

// `bot_localpart` with $NETWORK replaced: InvalidArgumentError when the result is empty, is not
// a Matrix localpart (a-z 0-9 . _ = - /) or the template uses another placeholder.
absl::StatusOr<std::string> RenderBotLocalpart(std::string_view bot_localpart,
                                               std::string_view network);

// "@<bot localpart>:<server_name>".
absl::StatusOr<std::string> BotUserId(std::string_view bot_localpart, std::string_view network,
                                      std::string_view server_name);

// The localpart template of a portal alias template ("#irc_$NETWORK_$CHANNEL" →
// "irc_$NETWORK_$CHANNEL"): InvalidArgumentError unless it starts with '#' and the rest is a
// template bridge::PortalAliasNamer accepts ($NETWORK and $CHANNEL both present).
absl::StatusOr<std::string> PortalAliasLocalpartTemplate(std::string_view alias_template);

}  // namespace mxedge::irc_worker
