#pragma once
// PmFromMatrix: the Matrix side of private chats with IRC users (rooms in PmRooms).
// - A Matrix user invites a ghost of the network into a room the bridge does not know: the ghost
//   joins, gets its nick as display name, and the room becomes that user's private chat with the
//   nick (a previous room for the same nick stops being one; its ghost leaves). Invites into an
//   encrypted room are answered in plain text and left: the bridge cannot read them.
// - In a private chat:
//   * the owner's messages are left to MatrixToIrc (Handle answers nullopt), which sends them as
//     PRIVMSG to the nick from the owner's puppet (PmTargetLookup maps the room to the nick);
//   * messages from anyone else are not bridged: the ghost says so, once per sender;
//   * the owner leaving, or the ghost of the room's nick leaving or being kicked or banned, removes
//     the mapping; the ghost leaves when the owner did;
//   * everything else (the ghosts' own events, state) is done without effect.
// Outcomes: DONE, or RETRY_LATER / REJECTED for store and MatrixOut errors (FailureOutcome).
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "bridged_rooms.hpp"
#include "ghost_profiles.hpp"
#include "matrix_rooms.hpp"
#include "mxedge/bridge/ghost_namer.hpp"
#include "mxedge/v1/sink.pb.h"
#include "pm_rooms.hpp"

namespace mxedge::irc_worker {

class PmFromMatrix {
 public:
  // Everything passed by reference must outlive this; `namers` maps network id → its ghost ids.
  PmFromMatrix(PmRooms& pms, MatrixRooms& matrix, GhostProfiles& profiles,
               std::map<std::string, bridge::GhostNamer, std::less<>> namers);

  // Whether `event` is an invite of one of `network`'s ghosts (m.room.member, membership invite,
  // state_key a ghost id of that network) sent by someone who is not a ghost.
  bool IsGhostInvite(std::string_view network, const v1::MatrixEvent& event) const;

  // Whether BridgeDelivery hands `event` here: any event in a PM room, or a ghost invite into a
  // room the bridge does not know (`room` nullopt).
  bool Concerns(std::string_view network, const std::optional<BridgedRoom>& room,
                const v1::MatrixEvent& event) const;

  // Handles one event from `mxid` (the routing key's user) on `network`. nullopt: an owner's
  // message for MatrixToIrc.
  std::optional<v1::EventOutcome> Handle(std::string_view network, std::string_view mxid,
                                         const v1::MatrixEvent& event);

 private:
  v1::EventOutcome OnInvite(std::string_view network, std::string_view mxid,
                            const v1::MatrixEvent& event, const bridge::GhostId& ghost);
  std::optional<v1::EventOutcome> InRoom(const PmRoom& room, const v1::MatrixEvent& event);
  const bridge::GhostNamer* NamerOf(std::string_view network) const;

  PmRooms& pms_;
  MatrixRooms& matrix_;
  GhostProfiles& profiles_;
  std::map<std::string, bridge::GhostNamer, std::less<>> namers_;
};

}  // namespace mxedge::irc_worker
