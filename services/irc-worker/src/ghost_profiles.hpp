#pragma once
// GhostProfiles: the global profile of a namespace user (a ghost) over the router's MatrixOut, so
// a ghost shows its IRC nick as display name. Errors as MatrixRooms words them.
#include <string_view>

#include "absl/status/status.h"

namespace mxedge::irc_worker {

class GhostProfiles {
 public:
  virtual ~GhostProfiles() = default;

  virtual absl::Status SetDisplayName(std::string_view as_user, std::string_view display_name) = 0;
};

}  // namespace mxedge::irc_worker
