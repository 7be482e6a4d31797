#pragma once
// IRC membership modes (+o/+v) ↔ Matrix power levels.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mxedge/irc/message.hpp"
#include "mxedge/irc/mode_changes.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::bridge {

// Which power level a membership mode gives (the default: o → 50, v → 1).
using ModePowerMap = std::map<char, int>;
ModePowerMap DefaultModePowerMap();

// The Matrix user id for a nick in the channel (a ghost or a puppet), or nullopt.
using NickToUser = std::function<std::optional<std::string>(std::string_view nick)>;
// The membership modes a nick had before the changes ("ov", "" for none).
using ModesOf = std::function<std::string(std::string_view nick)>;

// Applies a batch of mode changes to `power_levels` (m.room.power_levels content). Each changed
// nick's level becomes the highest level its remaining modes map to; with none, it is removed
// from "users" (back to users_default). A user whose current level is above every mapped level
// (a room admin set from Matrix) is never lowered. Returns the new content, or nullopt when
// nothing changes (no event to send).
std::optional<nlohmann::json> PowerLevelsForModes(const std::vector<irc::ModeChange>& changes,
                                                  const nlohmann::json& power_levels,
                                                  const NickToUser& user_of,
                                                  const ModesOf& modes_before,
                                                  const ModePowerMap& map = DefaultModePowerMap());

// The nick for a Matrix user id in the channel, or nullopt when the user is not on IRC there.
using UserToNick = std::function<std::optional<std::string>(std::string_view user_id)>;

// The MODE lines that mirror a Matrix power level change on IRC, at most `modes_per_line`
// changes per line (ISUPPORT MODES, 3 when not announced): for each user whose level crosses a
// mapped level, "+o"/"-o", "+v"/"-v". Sent only by a puppet that is op; `sender_is_op` false
// gives no lines.
std::vector<irc::Message> ModesForPowerLevels(const nlohmann::json& old_levels,
                                              const nlohmann::json& new_levels,
                                              std::string_view channel, const UserToNick& nick_of,
                                              bool sender_is_op, std::size_t modes_per_line = 3,
                                              const ModePowerMap& map = DefaultModePowerMap());

}  // namespace mxedge::bridge
