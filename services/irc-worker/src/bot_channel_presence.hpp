#pragma once
// BotChannelPresence: whether the bridge bot's connection should be in one mapped channel.
// The bot is there so the channel is received while none of our puppets is; with
// `bot_leaves_when_puppets` it parts while at least one puppet is in the channel (the puppets
// receive it) and joins again when the last one has left. Outside the channel the bot learns who
// is there from NAMES it asks for; a channel that hides its members from non-members (+s/+p)
// answers an empty list although our puppets were just there, so the bot joins again and stays
// for the rest of the connection ("pinned"). Pure: no I/O, no clock.
#include <cstddef>

namespace mxedge::irc_worker {

// The rule: whether the bot belongs in a channel where `puppets` of our puppets are.
bool BotStaysInChannel(bool leaves_when_puppets, std::size_t puppets);

enum class BotPresenceAction {
  kNone,
  kPart,  // send PART
  kJoin,  // send JOIN
};

class BotChannelPresence {
 public:
  explicit BotChannelPresence(bool leaves_when_puppets) : leaves_(leaves_when_puppets) {}

  // The bot's connection, in the channel, sees `puppets` of our puppets there (after NAMES or a
  // change). kPart when the bot should leave; nothing while it is outside (lines from before its
  // PART took effect).
  BotPresenceAction OnInside(std::size_t puppets);
  // An answer to NAMES asked from outside: `visible` members, `puppets` of them ours. kJoin when
  // the bot should be back.
  BotPresenceAction OnOutside(std::size_t visible, std::size_t puppets);
  // The bot's connection left the channel some other way (KICK, a PART it did not plan): the
  // next NAMES decides as if it had parted.
  void OnLeft();

  bool inside() const { return inside_; }
  bool pinned() const { return pinned_; }
  // Outside and waiting for NAMES answers: the caller asks for NAMES now and then.
  bool polling() const { return !inside_; }

 private:
  bool leaves_;
  bool inside_ = true;
  bool pinned_ = false;
  bool just_left_ = false;  // no NAMES answer since the bot left
};

}  // namespace mxedge::irc_worker
