#include "bridged_rooms.hpp"

#include "irc_keys.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

std::string_view RoomKindName(RoomKind kind) {
  switch (kind) {
    case RoomKind::kPortal:
      return "portal";
    case RoomKind::kAdmin:
      return "admin";
    case RoomKind::kPm:
      return "pm";
    case RoomKind::kInvited:
      return "invited";
  }
  return "portal";
}

absl::Status ValidateRoomArg(std::string_view room_id) {
  if (absl::Status s = ValidateKeyPart("room id", room_id); !s.ok()) {
    return s;
  }
  if (room_id.front() != '!' || room_id.find(':') == std::string_view::npos) {
    return absl::InvalidArgumentError("room id must be !<opaque>:<server>");
  }
  return absl::OkStatus();
}

absl::Status ValidateNetworkAndPart(std::string_view network, std::string_view what,
                                    std::string_view value) {
  if (absl::Status s = ValidateNetwork(network); !s.ok()) {
    return s;
  }
  return ValidateKeyPart(what, value);
}

}  // namespace mxedge::irc_worker
