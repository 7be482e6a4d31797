#include "mxedge/bridge/channel_modes.hpp"

namespace mxedge::bridge {

RoomSettingsChange ApplyChannelModes(const std::vector<irc::ModeChange>& changes,
                                     ChannelFlags& flags) {
  const ChannelFlags before = flags;
  for (const irc::ModeChange& change : changes) {
    switch (change.mode) {
      case 'i':
        flags.invite_only = change.add;
        break;
      case 'k':
        flags.keyed = change.add;
        break;
      case 'm':
        flags.moderated = change.add;
        break;
      default:
        break;
    }
  }
  RoomSettingsChange result;
  const bool was_invite = before.invite_only || before.keyed;
  const bool is_invite = flags.invite_only || flags.keyed;
  if (was_invite != is_invite) {
    result.join_rule = is_invite ? "invite" : "public";
  }
  if (before.moderated != flags.moderated) {
    result.events_default = flags.moderated ? 1 : 0;
  }
  return result;
}

}  // namespace mxedge::bridge
