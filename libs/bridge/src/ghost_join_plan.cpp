#include "mxedge/bridge/ghost_join_plan.hpp"

#include <algorithm>
#include <cmath>

namespace mxedge::bridge {
namespace {

int Rank(const std::string& modes) {
  if (modes.find('o') != std::string::npos) {
    return 0;
  }
  if (modes.find('v') != std::string::npos) {
    return 1;
  }
  return modes.empty() ? 2 : 1;  // other prefixes (h, a, q) rank with voice
}

}  // namespace

std::vector<GhostJoin> PlanGhostJoins(const std::vector<irc::ChannelMember>& members,
                                      const SkipNick& skip, double per_second) {
  std::vector<const irc::ChannelMember*> wanted;
  for (const irc::ChannelMember& member : members) {
    if (!skip(member.nick)) {
      wanted.push_back(&member);
    }
  }
  std::stable_sort(wanted.begin(), wanted.end(),
                   [](const auto* a, const auto* b) { return Rank(a->modes) < Rank(b->modes); });
  const double rate = std::max(1.0, per_second);
  std::vector<GhostJoin> plan;
  plan.reserve(wanted.size());
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    plan.push_back(GhostJoin{.nick = wanted[i]->nick,
                             .modes = wanted[i]->modes,
                             .delay = std::chrono::milliseconds(static_cast<std::int64_t>(
                                 std::llround(static_cast<double>(i) * 1000.0 / rate)))});
  }
  return plan;
}

}  // namespace mxedge::bridge
