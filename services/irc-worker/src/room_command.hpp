#pragma once
// The commands of a room the bridge bot was invited into or that is plumbed: `!plumb #channel`
// and `!unlink`, parsed by libs/bridge's ParseAdminCommand. Any other message, `!`-commands of
// the admin room included, is the room's chat and not an error.
#include <optional>
#include <string_view>

#include "absl/status/statusor.h"
#include "mxedge/bridge/admin_command.hpp"
#include "mxedge/irc/isupport.hpp"

namespace mxedge::irc_worker {

// The command in the first line of `body` when it is !plumb or !unlink (any case), nullopt for
// anything else. InvalidArgumentError, worded for the user, for a missing or extra argument or a
// channel name the server would refuse.
absl::StatusOr<std::optional<bridge::AdminCommand>> ParseRoomCommand(std::string_view body,
                                                                     const irc::ISupport& isupport);

}  // namespace mxedge::irc_worker
