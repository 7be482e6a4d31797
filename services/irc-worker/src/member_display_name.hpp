#pragma once
// The display name a Matrix user announces in their own m.room.member join (`content.displayname`),
// as it reaches the worker for the user's routing key. A join sent again with another name is how
// Matrix tells rooms about a display name change. Pure.
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "mxedge/v1/events.pb.h"

namespace mxedge::irc_worker {

// The display name in `event` when it is `mxid`'s own join (m.room.member, sender = state key =
// mxid, membership "join") with a string `displayname`; "" for an empty one. nullopt for any other
// event, and for a join without a display name (absent or null: nothing to learn). InvalidArgument
// when such an event's content is not a JSON object or `displayname` is neither string nor null.
absl::StatusOr<std::optional<std::string>> OwnJoinDisplayName(std::string_view mxid,
                                                              const v1::MatrixEvent& event);

}  // namespace mxedge::irc_worker
