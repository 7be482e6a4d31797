#pragma once
// RoomState: reads and writes one state event of a bridged room (power levels, join rules,
// topic) as a user of the bridge's namespace, over the router's MatrixOut.
// Errors: absent state is NotFoundError; other homeserver refusals follow MatrixErrorStatus
// (grpc_matrix_rooms.hpp): M_LIMIT_EXCEEDED / 5xx UnavailableError, the rest
// FailedPreconditionError naming the errcode; transport failures keep their gRPC code.
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mxedge::irc_worker {

struct StateKey {
  std::string room_id;
  std::string type;       // e.g. "m.room.power_levels"
  std::string state_key;  // empty for most room state
};

class RoomState {
 public:
  virtual ~RoomState() = default;

  // The content of the state event as JSON object text. `as_user` empty: the router's bot.
  virtual absl::StatusOr<std::string> GetState(std::string_view as_user, const StateKey& key) = 0;
  // Replaces the state event's content (a JSON object); returns the new event's id.
  virtual absl::StatusOr<std::string> SetState(std::string_view as_user, const StateKey& key,
                                               std::string_view content_json) = 0;
};

}  // namespace mxedge::irc_worker
