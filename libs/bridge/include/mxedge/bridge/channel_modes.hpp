#pragma once
// Channel modes that change room settings: +i/+k → join rule "invite", +m → events_default.
#include <optional>
#include <string>
#include <vector>

#include "mxedge/irc/mode_changes.hpp"

namespace mxedge::bridge {

// What the bridge tracks of a channel's flags.
struct ChannelFlags {
  bool invite_only = false;  // +i
  bool keyed = false;        // +k
  bool moderated = false;    // +m
  friend bool operator==(const ChannelFlags&, const ChannelFlags&) = default;
};

// The room settings to send after a batch of changes; each is set only when it changed.
struct RoomSettingsChange {
  std::optional<std::string> join_rule;  // "invite" while +i or +k, else "public"
  std::optional<int> events_default;     // 1 while +m (only voiced users speak), else 0
  bool empty() const { return !join_rule.has_value() && !events_default.has_value(); }
};

// Applies `changes` to `flags` (updated in place) and says which room settings changed.
RoomSettingsChange ApplyChannelModes(const std::vector<irc::ModeChange>& changes,
                                     ChannelFlags& flags);

}  // namespace mxedge::bridge
