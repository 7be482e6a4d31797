#pragma once
// LimitPowerLevelsToSender: keeps a change of m.room.power_levels within what its sender may do,
// by the rules a homeserver enforces on that event: nobody is raised above the sender's own level,
// and no other user whose level is at or above the sender's is changed. A homeserver refuses the
// whole event when one change breaks these rules, so the changes that would are left out (a level
// above the sender's is lowered to the sender's) and the rest still applies. Only `users` entries
// are limited; a user's level is its `users` entry, else `users_default` (0 when absent).
#include <string_view>

#include "nlohmann/json.hpp"

namespace mxedge::irc_worker {

// `before`: the room's current content; `after`: the content to write. Returns `after` limited.
nlohmann::json LimitPowerLevelsToSender(const nlohmann::json& before, nlohmann::json after,
                                        std::string_view sender);

}  // namespace mxedge::irc_worker
