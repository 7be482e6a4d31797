#pragma once
// PmRooms: private-message rooms, one per (network, Matrix user, IRC nick folded by CASEMAPPING).
// Stored both ways so either side finds the mapping:
//   irc:pm:<network>:<mxid>:<folded nick>  string  the room id
//   irc:room:<room_id>                     hash    network, kind "pm", user (the owner), nick
//   irc:pm-told:<room_id>                  set     other senders already told they are not bridged
// The room hash is what the appservice-router reads to send the room's events to the network.
//
// Status conventions: InvalidArgumentError for an invalid network, user id, nick or room id;
// AlreadyExistsError when a room is already recorded as something else; anything else when the
// store could not be asked.
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mxedge::irc_worker {

struct PmRoom {
  std::string room_id;
  std::string network;
  std::string owner;  // the Matrix user whose private chat it is
  std::string nick;   // the IRC user's nick, folded

  friend bool operator==(const PmRoom&, const PmRoom&) = default;
};

class PmRooms {
 public:
  virtual ~PmRooms() = default;

  // Records `room` unless (network, owner, nick) already has a room. Returns the room recorded
  // afterwards: `room.room_id`, or the one recorded first (a concurrent creation won).
  virtual absl::StatusOr<std::string> Add(const PmRoom& room) = 0;

  // The room of (network, owner, folded nick), nullopt when none.
  virtual absl::StatusOr<std::optional<std::string>> RoomOf(std::string_view network,
                                                            std::string_view owner,
                                                            std::string_view folded_nick) = 0;

  // The mapping of `room_id`, nullopt when it is not a PM room.
  virtual absl::StatusOr<std::optional<PmRoom>> Find(std::string_view room_id) = 0;

  // Forgets the room (both directions); false when it was not a PM room.
  virtual absl::StatusOr<bool> Remove(std::string_view room_id) = 0;

  // Moves the owner's room with `old_nick` to `new_nick` (both folded). Returns the room moved,
  // nullopt when the owner had none with `old_nick`. AlreadyExistsError when the owner already has
  // a room with `new_nick` (both are left as they are).
  virtual absl::StatusOr<std::optional<std::string>> Rename(std::string_view network,
                                                            std::string_view owner,
                                                            std::string_view old_nick,
                                                            std::string_view new_nick) = 0;

  // Records that `sender` was told their messages in `room_id` are not bridged; true the first
  // time only.
  virtual absl::StatusOr<bool> MarkTold(std::string_view room_id, std::string_view sender) = 0;
};

// Argument checks shared by the implementations.
absl::Status ValidatePmArgs(std::string_view network, std::string_view owner,
                            std::string_view folded_nick);

}  // namespace mxedge::irc_worker
