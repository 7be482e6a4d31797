#pragma once
// MatrixRooms: the room operations of the bridge bot (portals, admin rooms) over the router's
// MatrixOut. `as_user` is always a user of the bridge's namespace (the network's bridge bot).
// Errors: a homeserver refusal is FailedPreconditionError naming the errcode, except
// M_ROOM_IN_USE (AlreadyExistsError), M_NOT_FOUND (NotFoundError) and M_LIMIT_EXCEEDED / 5xx
// (UnavailableError: retry); transport failures keep their gRPC code.
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mxedge::irc_worker {

struct StateEvent {
  std::string type;
  std::string state_key;
  std::string content_json;

  friend bool operator==(const StateEvent&, const StateEvent&) = default;
};

struct RoomCreation {
  std::string as_user;
  std::string alias_localpart;  // empty: no alias
  std::string name;
  std::string topic;
  bool public_chat = false;  // preset public_chat, else private_chat
  bool is_direct = false;
  std::vector<std::string> invite;
  std::vector<StateEvent> initial_state;
};

class MatrixRooms {
 public:
  virtual ~MatrixRooms() = default;

  // The new room's id.
  virtual absl::StatusOr<std::string> CreateRoom(const RoomCreation& creation) = 0;
  // The room an alias points to.
  virtual absl::StatusOr<std::string> ResolveAlias(std::string_view alias) = 0;
  // An `m.notice` with a plain `body`; the key makes retries one event.
  virtual absl::Status SendNotice(std::string_view as_user, std::string_view room_id,
                                  std::string_view body, std::string_view idempotency_key) = 0;
  virtual absl::Status Join(std::string_view as_user, std::string_view room_id) = 0;
  virtual absl::Status Leave(std::string_view as_user, std::string_view room_id) = 0;
  virtual absl::Status Invite(std::string_view as_user, std::string_view room_id,
                              std::string_view invitee) = 0;
};

}  // namespace mxedge::irc_worker
