#pragma once
// RoomRoster: who is joined to a room, read as a user of the bridge's namespace (who must be in
// the room) over the router's MatrixOut.
// Errors: as MatrixErrorStatus: M_FORBIDDEN (not in the room) FailedPreconditionError,
// M_LIMIT_EXCEEDED / 5xx UnavailableError; transport failures keep their gRPC code.
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace mxedge::irc_worker {

class RoomRoster {
 public:
  virtual ~RoomRoster() = default;

  // The joined members' user ids, in the homeserver's order.
  virtual absl::StatusOr<std::vector<std::string>> JoinedMembers(std::string_view as_user,
                                                                 std::string_view room_id) = 0;
};

}  // namespace mxedge::irc_worker
