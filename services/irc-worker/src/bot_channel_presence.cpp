#include "bot_channel_presence.hpp"

namespace mxedge::irc_worker {

bool BotStaysInChannel(bool leaves_when_puppets, std::size_t puppets) {
  return !leaves_when_puppets || puppets == 0;
}

BotPresenceAction BotChannelPresence::OnInside(std::size_t puppets) {
  if (!inside_) {
    return BotPresenceAction::kNone;  // a line from before our PART took effect
  }
  if (pinned_ || BotStaysInChannel(leaves_, puppets)) {
    return BotPresenceAction::kNone;
  }
  inside_ = false;
  just_left_ = true;
  return BotPresenceAction::kPart;
}

BotPresenceAction BotChannelPresence::OnOutside(std::size_t visible, std::size_t puppets) {
  if (inside_) {
    return BotPresenceAction::kNone;  // an answer that crossed our JOIN
  }
  const bool hidden = just_left_ && visible == 0;
  just_left_ = false;
  if (hidden) {
    pinned_ = true;
  } else if (!BotStaysInChannel(leaves_, puppets)) {
    return BotPresenceAction::kNone;
  }
  inside_ = true;
  return BotPresenceAction::kJoin;
}

void BotChannelPresence::OnLeft() {
  if (inside_) {
    inside_ = false;
    just_left_ = false;
  }
}

}  // namespace mxedge::irc_worker
