#pragma once
// Who may plumb or unlink a room: a user whose power level reaches the room's `state_default`
// (the level needed to send state events such as the bridge info), read from the room's
// m.room.power_levels content. Without a power levels event the Matrix spec gives the room's
// creator 100 and everyone else 0; the bridge then asks for 50 (the spec's state_default for a
// room without the event is 0, which would let anyone bridge the room).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mxedge::irc_worker {

inline constexpr int64_t kDefaultStateLevel = 50;
inline constexpr int64_t kCreatorLevel = 100;

struct StatePower {
  int64_t user_level = 0;                       // the user's power level
  int64_t required_level = kDefaultStateLevel;  // the room's state_default
  bool Allowed() const { return user_level >= required_level; }
};

// `power_levels_json`: the m.room.power_levels content, nullopt when the room has none.
// `creator`: the room's creator (m.room.create `creator`), empty when unknown. Levels may be
// integers or strings holding one (older rooms). InvalidArgumentError when the content is not a
// JSON object, or `users`, `users_default` or `state_default` have the wrong type.
absl::StatusOr<StatePower> StatePowerOf(std::optional<std::string_view> power_levels_json,
                                        std::string_view creator, std::string_view user_id);

// The creator named by m.room.create content (its `creator`); empty when absent or malformed
// (rooms from version 11 on name no creator in the content).
std::string CreatorOf(std::string_view create_content_json);

}  // namespace mxedge::irc_worker
