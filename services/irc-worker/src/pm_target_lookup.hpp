#pragma once
// PmTargetLookup: the PortalLookup that Matrix → IRC uses: the portals of `inner` first, then the
// private chats of PmRooms, whose "channel" is the IRC user's nick (MatrixToIrc then sends
// PRIVMSG <nick>). Private chats are not cached: a nick change or a leave moves or removes them at
// any time. A store error answers "none" for that one lookup (WARN log). Only rooms → targets are
// answered here; a nick is never a channel, so PortalRoom is `inner`'s alone. Thread-safe.
#include <memory>

#include "channel_mapping.hpp"
#include "pm_rooms.hpp"

namespace mxedge::irc_worker {

class PmTargetLookup final : public PortalLookup {
 public:
  // `pms` must outlive this.
  PmTargetLookup(std::shared_ptr<const PortalLookup> inner, PmRooms& pms)
      : inner_(std::move(inner)), pms_(pms) {}

  std::optional<std::string> PortalRoom(std::string_view network,
                                        std::string_view folded_channel) const override;
  std::optional<std::string> PortalChannel(std::string_view network,
                                           std::string_view room_id) const override;

 private:
  std::shared_ptr<const PortalLookup> inner_;
  PmRooms& pms_;
};

}  // namespace mxedge::irc_worker
