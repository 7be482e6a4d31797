#include "pm_target_lookup.hpp"

#include "mxedge/common/log.hpp"

namespace mxedge::irc_worker {

std::optional<std::string> PmTargetLookup::PortalRoom(std::string_view network,
                                                      std::string_view folded_channel) const {
  return inner_ != nullptr ? inner_->PortalRoom(network, folded_channel) : std::nullopt;
}

std::optional<std::string> PmTargetLookup::PortalChannel(std::string_view network,
                                                         std::string_view room_id) const {
  if (inner_ != nullptr) {
    if (std::optional<std::string> channel = inner_->PortalChannel(network, room_id)) {
      return channel;
    }
  }
  absl::StatusOr<std::optional<PmRoom>> room = pms_.Find(room_id);
  if (!room.ok()) {
    if (!absl::IsInvalidArgument(room.status())) {
      common::LogWarn("private chat lookup failed",
                      {{"network", std::string(network)}, {"error", room.status().ToString()}});
    }
    return std::nullopt;
  }
  if (!room->has_value() || (*room)->network != network) {
    return std::nullopt;
  }
  return (*room)->nick;
}

}  // namespace mxedge::irc_worker
