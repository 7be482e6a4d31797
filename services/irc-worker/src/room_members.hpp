#pragma once
// RoomMembers: the membership intents that mirror IRC users in Matrix rooms (ghost joins, leaves
// and display names, kicks of Matrix users), each as a user of the bridge's namespace over the
// router's MatrixOut. The router registers a user on its first intent.
// Errors: as MatrixErrorStatus (matrix_out_client.hpp): M_NOT_FOUND NotFoundError,
// M_LIMIT_EXCEEDED / 5xx UnavailableError, other refusals FailedPreconditionError naming the
// errcode; transport failures keep their gRPC code.
#include <string_view>

#include "absl/status/status.h"

namespace mxedge::irc_worker {

class RoomMembers {
 public:
  virtual ~RoomMembers() = default;

  virtual absl::Status Join(std::string_view as_user, std::string_view room_id) = 0;
  // `reason` empty: none shown.
  virtual absl::Status Leave(std::string_view as_user, std::string_view room_id,
                             std::string_view reason) = 0;
  virtual absl::Status Kick(std::string_view as_user, std::string_view room_id,
                            std::string_view target, std::string_view reason) = 0;
  // Sets `as_user`'s global display name.
  virtual absl::Status SetDisplayName(std::string_view as_user, std::string_view name) = 0;
};

}  // namespace mxedge::irc_worker
