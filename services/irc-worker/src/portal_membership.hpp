#pragma once
// PortalMembership: a Matrix user joining a bridged room (portal or static mapping) gets their
// puppet into the channel (JOIN), leaving takes it out (PART); the channel is recorded among the
// user's channels (`!listrooms`). NOT_MINE when another worker owns the connection, RETRY_LATER
// while it registers or when the line could not be queued.
#include <string_view>

#include "bridged_rooms.hpp"
#include "mxedge/irc/case_mapping.hpp"
#include "mxedge/v1/sink.pb.h"
#include "puppet_control.hpp"

namespace mxedge::irc_worker {

class PortalMembership {
 public:
  // Both must outlive this.
  PortalMembership(BridgedRooms& rooms, PuppetControl& puppets)
      : rooms_(rooms), puppets_(puppets) {}

  // Whether `event` is `mxid`'s own join or leave (m.room.member, sender = state key = mxid).
  static bool IsOwnMembership(std::string_view mxid, const v1::MatrixEvent& event);

  // Handles such an event for `channel` of `network`.
  v1::EventOutcome Handle(std::string_view network, std::string_view mxid, std::string_view channel,
                          const irc::CaseMapping& case_mapping, const v1::MatrixEvent& event);

 private:
  BridgedRooms& rooms_;
  PuppetControl& puppets_;
};

}  // namespace mxedge::irc_worker
