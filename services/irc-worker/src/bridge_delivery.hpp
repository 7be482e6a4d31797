#pragma once
// BridgeDelivery: the worker's EventSink.Deliver in front of MatrixToIrc. Per event, in order:
// - every m.room.member event is first shown to the MemberEventListener (when set);
// - kicks of ghosts, topics and power levels in mapped rooms → MatrixModeration (when set);
// - a room's m.room.tombstone → RoomUpgrades (when set): a portal follows the room upgrade;
// - invites of the bridge bot into other rooms, `!plumb`/`!unlink` and the bot's removal in
//   invited or plumbed rooms → RoomPlumbing (when set);
// - admin room events and direct-chat invites of the bridge bot → AdminRoom;
// - events in private chats with IRC users and invites of ghosts into rooms the bridge does not
//   know → PmFromMatrix (when given), which leaves the owner's messages to MatrixToIrc;
// - the routing key user's own join/leave in a bridged room (portal or static) → PortalMembership;
// - everything else → MatrixToIrc, consecutive events as one request.
// The first outcome other than DONE ends the reply (the router retries the rest after it, in
// order), as MatrixToIrc does. A request addressed to another worker is NOT_MINE as a whole.
#include <string>

#include "admin_room.hpp"
#include "bridged_rooms.hpp"
#include "matrix_moderation.hpp"
#include "matrix_to_irc.hpp"
#include "member_event_listener.hpp"
#include "mxedge/v1/sink.pb.h"
#include "pm_from_matrix.hpp"
#include "portal_creator.hpp"
#include "portal_membership.hpp"
#include "room_plumbing.hpp"
#include "room_upgrades.hpp"

namespace mxedge::irc_worker {

class BridgeDelivery {
 public:
  // Everything passed by reference must outlive this.
  BridgeDelivery(MatrixToIrc& messages, AdminRoom& admin, PortalMembership& membership,
                 PortalCreator& portals, BridgedRooms& rooms, std::string worker_id,
                 PmFromMatrix* pms = nullptr);

  v1::DeliverReply Deliver(const v1::DeliverRequest& request);

  // Tombstones go to `upgrades` (must outlive this); set before the first delivery.
  void SetRoomUpgrades(RoomUpgrades* upgrades) { upgrades_ = upgrades; }

  // Kicks of ghosts, topics and power levels in mapped rooms go to `moderation` first (null: off).
  // Set before the first Deliver.
  void SetModeration(MatrixModeration* moderation) { moderation_ = moderation; }

  // m.room.member events are shown to `listener` (null: off) before they are handled. Set before
  // the first Deliver.
  void SetMemberListener(MemberEventListener* listener) { member_listener_ = listener; }

  // `!plumb`/`!unlink` and the bot's invites into rooms go to `plumbing` (null: off). Set before
  // the first Deliver.
  void SetPlumbing(RoomPlumbing* plumbing) { plumbing_ = plumbing; }

 private:
  // Sends `pending` through MatrixToIrc and appends its outcomes; false when the reply ends.
  bool Flush(const v1::DeliverRequest& request, v1::DeliverRequest& pending,
             v1::DeliverReply& reply);
  // Whether `room_id` is a channel's room (static or portal), or could not be told apart.
  bool IsChannelRoom(std::string_view room_id);

  MatrixToIrc& messages_;
  AdminRoom& admin_;
  PortalMembership& membership_;
  PortalCreator& portals_;
  BridgedRooms& rooms_;
  std::string worker_id_;
  RoomUpgrades* upgrades_ = nullptr;
  MatrixModeration* moderation_ = nullptr;
  MemberEventListener* member_listener_ = nullptr;
  RoomPlumbing* plumbing_ = nullptr;
  PmFromMatrix* pms_;
};

}  // namespace mxedge::irc_worker
