#pragma once
// PlumbedRooms: the records behind `!plumb`. A room the network's bridge bot was invited into (not
// a direct chat) is recorded as kInvited, so the router sends its events to the network and a
// moderator's `!plumb #channel` reaches a worker; `!plumb` then turns it into the channel's room:
// kind portal with `plumbed` set, indexed like a portal (`irc:portal:<network>:<folded channel>`),
// so messages, membership, topic and modes flow as for a portal. `!unlink` is
// BridgedRooms::Remove. Both steps are atomic: the channel's index and the room record never
// disagree, and a channel never gets two rooms.
// Status conventions as BridgedRooms': InvalidArgumentError for a bad argument, anything else
// when the store could not be asked.
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mxedge::irc_worker {

enum class PlumbOutcome {
  kPlumbed,         // the room is the channel's room now (or already was: a redelivery)
  kChannelTaken,    // the channel already has a room (a portal or a plumbed room): `room_id`
  kAlreadyPlumbed,  // the room is plumbed to another channel: `channel`
  kNotInvited,      // the room is not an invited room of the network (unknown or another kind)
};

struct PlumbResult {
  PlumbOutcome outcome = PlumbOutcome::kPlumbed;
  std::string room_id;  // kPlumbed: the room; kChannelTaken: the channel's room
  std::string channel;  // kAlreadyPlumbed: the room's channel

  friend bool operator==(const PlumbResult&, const PlumbResult&) = default;
};

class PlumbedRooms {
 public:
  virtual ~PlumbedRooms() = default;

  // Records `room_id` as invited on `network` by `inviter`. False (nothing written) when the room
  // is already bridged as something else, or invited for another network; true when recorded now
  // or already invited.
  virtual absl::StatusOr<bool> AddInvited(std::string_view network, std::string_view room_id,
                                          std::string_view inviter) = 0;

  // Makes the invited `room_id` the room of `folded_channel`, plumbed by `user_id`.
  virtual absl::StatusOr<PlumbResult> Plumb(std::string_view network,
                                            std::string_view folded_channel,
                                            std::string_view room_id, std::string_view user_id) = 0;
};

// The argument checks every PlumbedRooms applies before touching its store: InvalidArgumentError
// naming the bad argument, OK otherwise.
absl::Status ValidateInvitedArgs(std::string_view network, std::string_view room_id,
                                 std::string_view inviter);
absl::Status ValidatePlumbArgs(std::string_view network, std::string_view folded_channel,
                               std::string_view room_id, std::string_view user_id);

}  // namespace mxedge::irc_worker
