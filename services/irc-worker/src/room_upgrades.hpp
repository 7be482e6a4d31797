#pragma once
// RoomUpgrades: follows a bridged room's upgrade. An `m.room.tombstone` (state key "") in a portal
// (plumbed rooms are portals too) names the replacement room: the network's bridge bot joins it,
// the channel's mapping moves there in one step (PortalMover: `irc:portal`, `irc:room`, so the
// router routes the new room's events and IRC lines go to it) and the bridge info state is set in
// it. A statically mapped room cannot move (its mapping is the config's): the tombstone is logged
// with the config key to change. Anything else with a tombstone is not bridged: nothing to do.
// Redelivery is safe: a portal already moved is found under the new room.
#include <string_view>

#include "bridged_rooms.hpp"
#include "matrix_rooms.hpp"
#include "mxedge/v1/sink.pb.h"
#include "portal_creator.hpp"
#include "portal_directory.hpp"
#include "portal_mover.hpp"
#include "room_state.hpp"

namespace mxedge::irc_worker {

class RoomUpgrades {
 public:
  // Everything passed by reference or pointer must outlive this; `directory` may be nullptr.
  RoomUpgrades(BridgedRooms& rooms, PortalMover& mover, MatrixRooms& matrix, RoomState& state,
               PortalCreator& portals, PortalDirectory* directory);

  // Whether `event` is a room's tombstone.
  static bool IsTombstone(const v1::MatrixEvent& event);

  v1::EventOutcome Handle(std::string_view network, const v1::MatrixEvent& event);

 private:
  BridgedRooms& rooms_;
  PortalMover& mover_;
  MatrixRooms& matrix_;
  RoomState& state_;
  PortalCreator& portals_;
  PortalDirectory* directory_;
};

}  // namespace mxedge::irc_worker
