#pragma once
// NAMES on join → the ghosts to join to the Matrix room, spread out at a rate so a big channel
// does not flood the homeserver.
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "mxedge/irc/names_reply.hpp"

namespace mxedge::bridge {

struct GhostJoin {
  std::string nick;
  std::string modes;                // membership modes from the NAMES prefixes ("o", "v", "")
  std::chrono::milliseconds delay;  // from the start of the plan
  friend bool operator==(const GhostJoin&, const GhostJoin&) = default;
};

// Whether a nick needs no ghost: our own puppets and the bridge bot, or ghosts already joined.
using SkipNick = std::function<bool(std::string_view nick)>;

// One join per member that is not skipped, at most `per_second` joins a second (at least 1),
// ops first, then voiced, then the rest, each group in the order NAMES listed it.
std::vector<GhostJoin> PlanGhostJoins(const std::vector<irc::ChannelMember>& members,
                                      const SkipNick& skip, double per_second);

}  // namespace mxedge::bridge
