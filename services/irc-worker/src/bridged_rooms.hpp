#pragma once
// BridgedRooms: the rooms the worker created or adopted, beyond the static mappings of the config.
// - Portals: one room per (network, channel folded by CASEMAPPING), created from an alias query.
// - Admin rooms: one DM with the network's bridge bot per (network, Matrix user).
// - The channels each user asked their puppet to be in (`!join`, portal joins), for `!listrooms`.
// - Plumbed rooms (`!plumb`, recorded by PlumbedRooms): existing rooms their moderators bridged to
//   a channel. They are channel rooms like portals (kind portal, `plumbed` set); before `!plumb`
//   a room the bridge bot was invited into is kInvited.
// Every recorded room also has `irc:room:<room_id>` (a hash with `network`, `kind` and `channel`
// or `user`), which is what the appservice-router reads to send that room's events to the network.
//
// Status conventions: InvalidArgumentError for an invalid network, room id, user id or channel;
// anything else when the store could not be asked.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mxedge::irc_worker {

// kPm: a private chat with an IRC user, recorded by PmRooms (pm_rooms.hpp), not by this store;
// Find reports it so the delivery front can hand its events to PmFromMatrix.
// kInvited: a room the bridge bot was invited into (not a direct chat), waiting for `!plumb`;
// recorded by PlumbedRooms (plumbed_rooms.hpp).
enum class RoomKind { kPortal, kAdmin, kPm, kInvited };

// "portal" / "admin" / "pm" / "invited", as stored.
std::string_view RoomKindName(RoomKind kind);

struct BridgedRoom {
  std::string room_id;
  std::string network;
  RoomKind kind = RoomKind::kPortal;
  std::string channel;   // kPortal: the folded channel
  std::string user_id;   // kAdmin, kPm: the Matrix user the room belongs to; kInvited: the inviter;
                         // a plumbed kPortal: the moderator who plumbed it
  bool plumbed = false;  // kPortal: an existing room bridged by `!plumb`, not created by the bridge

  friend bool operator==(const BridgedRoom&, const BridgedRoom&) = default;
};

class BridgedRooms {
 public:
  virtual ~BridgedRooms() = default;

  // Records `room_id` as the portal of the channel unless the channel already has one. Returns
  // the channel's portal afterwards: `room_id`, or the room recorded first (a concurrent creation
  // won). AlreadyExistsError when `room_id` is already recorded for something else.
  virtual absl::StatusOr<std::string> AddPortal(std::string_view network,
                                                std::string_view folded_channel,
                                                std::string_view room_id) = 0;
  virtual absl::StatusOr<std::optional<std::string>> PortalOf(std::string_view network,
                                                              std::string_view folded_channel) = 0;

  // Makes `room_id` the user's admin room on the network; the previous one stops being one.
  virtual absl::Status SetAdminRoom(std::string_view network, std::string_view user_id,
                                    std::string_view room_id) = 0;
  virtual absl::StatusOr<std::optional<std::string>> AdminRoomOf(std::string_view network,
                                                                 std::string_view user_id) = 0;

  // What `room_id` is, nullopt for a room the store does not know.
  virtual absl::StatusOr<std::optional<BridgedRoom>> Find(std::string_view room_id) = 0;
  // Forgets the room and its portal or admin index entry; false when it was not recorded.
  virtual absl::StatusOr<bool> Remove(std::string_view room_id) = 0;

  virtual absl::Status AddUserChannel(std::string_view network, std::string_view user_id,
                                      std::string_view folded_channel) = 0;
  virtual absl::Status RemoveUserChannel(std::string_view network, std::string_view user_id,
                                         std::string_view folded_channel) = 0;
  // Sorted.
  virtual absl::StatusOr<std::vector<std::string>> UserChannels(std::string_view network,
                                                                std::string_view user_id) = 0;
};

// Argument checks shared by the implementations.
absl::Status ValidateRoomArg(std::string_view room_id);
absl::Status ValidateNetworkAndPart(std::string_view network, std::string_view what,
                                    std::string_view value);

}  // namespace mxedge::irc_worker
