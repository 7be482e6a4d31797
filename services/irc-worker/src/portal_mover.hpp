#pragma once
// PortalMover: moves a bridged channel's room to another room in one step, for room upgrades
// (an `m.room.tombstone` naming the replacement room): the channel's index entry and the room's
// record (`irc:room`, which the router reads to route the room's events) move together, so a
// crash never leaves the channel without a room. RedisPortalMover is the implementation.
#include <optional>
#include <string_view>

#include "absl/status/statusor.h"
#include "bridged_rooms.hpp"

namespace mxedge::irc_worker {

class PortalMover {
 public:
  virtual ~PortalMover() = default;

  // Moves the portal `old_room_id` to `new_room_id`; returns the record as it is now (room id
  // `new_room_id`), or nullopt when `old_room_id` is not a portal (unknown, already moved, or
  // another kind of room). AlreadyExistsError when `new_room_id` is already bridged;
  // InvalidArgumentError for a malformed room id.
  virtual absl::StatusOr<std::optional<BridgedRoom>> MovePortal(std::string_view old_room_id,
                                                                std::string_view new_room_id) = 0;
};

}  // namespace mxedge::irc_worker
