#include "plumbed_rooms.hpp"

#include "bridged_rooms.hpp"
#include "irc_keys.hpp"

namespace mxedge::irc_worker {

absl::Status ValidateInvitedArgs(std::string_view network, std::string_view room_id,
                                 std::string_view inviter) {
  if (absl::Status s = ValidateNetworkAndPart(network, "user id", inviter); !s.ok()) {
    return s;
  }
  return ValidateRoomArg(room_id);
}

absl::Status ValidatePlumbArgs(std::string_view network, std::string_view folded_channel,
                               std::string_view room_id, std::string_view user_id) {
  if (absl::Status s = ValidateNetworkAndPart(network, "channel", folded_channel); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateKeyPart("user id", user_id); !s.ok()) {
    return s;
  }
  return ValidateRoomArg(room_id);
}

}  // namespace mxedge::irc_worker
