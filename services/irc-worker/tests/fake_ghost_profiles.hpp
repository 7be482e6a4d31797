#pragma once
// FakeGhostProfiles: GhostProfiles in memory; records display names per user.
#include <map>
#include <string>

#include "ghost_profiles.hpp"

namespace mxedge::irc_worker {

class FakeGhostProfiles final : public GhostProfiles {
 public:
  absl::Status SetDisplayName(std::string_view as_user, std::string_view display_name) override {
    if (!result.ok()) {
      return result;
    }
    display_names[std::string(as_user)] = std::string(display_name);
    return absl::OkStatus();
  }

  absl::Status result;
  std::map<std::string, std::string> display_names;
};

}  // namespace mxedge::irc_worker
