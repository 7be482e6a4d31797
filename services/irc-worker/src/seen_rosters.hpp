#pragma once
// SeenRosters: the members of each channel (nick and its +o/+v membership modes) as any of this
// worker's connections in it saw them, whether or not one of them is the channel's receiver.
// IrcMembership keeps the receiver's rosters, which drive the mirroring into Matrix; with several
// workers the receiver is often on another worker than the puppet of a Matrix user who kicks a
// ghost or changes the power levels, and that puppet's worker must still know who is in the
// channel and whether the puppet is op. Every connection's events update one roster per channel
// (the copies several connections see of one change are the same change): NAMES replaces the
// members, JOIN/PART/KICK/MODE change them, QUIT and NICK change every roster of the network.
// A roster nobody of this worker sees any more is left as it was (a lookup about a puppet that
// left finds nothing; a ghost's KICK sent from it is refused by the server), and replaced at the
// next NAMES. Pure, no I/O, not thread-safe (IrcMembership calls it under its lock).
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "membership_event.hpp"

namespace mxedge::irc_worker {

class SeenRosters {
 public:
  // Records what one connection on `network` saw.
  void Apply(std::string_view network, const MembershipEvent& event);

  // Whether any connection saw `channel`'s members.
  bool Knows(std::string_view network, std::string_view channel) const;
  // The membership modes ("o", "v", "ov", "") of `nick` in `channel`; nullopt when not known there.
  std::optional<std::string> ModesOf(std::string_view network, std::string_view channel,
                                     std::string_view nick) const;
  // The first member of `channel` (as IRC spells the nick) for which `match` holds; nullopt when
  // none.
  std::optional<std::string> FindNick(std::string_view network, std::string_view channel,
                                      const std::function<bool(std::string_view)>& match) const;

 private:
  struct Roster {
    std::string network;
    std::string channel;
    irc::CaseMapping case_mapping;
    std::map<std::string, std::pair<std::string, std::string>> members;  // folded → nick, modes
  };

  const Roster* Find(std::string_view network, std::string_view channel) const;

  std::map<std::string, Roster> rosters_;  // by network "\n" folded channel
};

}  // namespace mxedge::irc_worker
