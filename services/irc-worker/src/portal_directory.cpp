#include "portal_directory.hpp"

#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

void PortalDirectory::Remember(std::string_view network, const std::string& channel,
                               const std::string& room_id) const {
  std::lock_guard lock(mu_);
  room_of_[common::Cat(network, "\n", channel)] = room_id;
  channel_of_[room_id] = {std::string(network), channel};
}

std::optional<std::string> PortalDirectory::PortalRoom(std::string_view network,
                                                       std::string_view folded_channel) const {
  {
    std::lock_guard lock(mu_);
    if (auto it = room_of_.find(common::Cat(network, "\n", folded_channel)); it != room_of_.end()) {
      return it->second;
    }
  }
  absl::StatusOr<std::optional<std::string>> room = rooms_.PortalOf(network, folded_channel);
  if (!room.ok()) {
    if (!absl::IsInvalidArgument(room.status())) {
      store_errors_.fetch_add(1);
      common::LogWarn("portal lookup failed",
                      {{"network", std::string(network)}, {"error", room.status().ToString()}});
    }
    return std::nullopt;
  }
  if (room->has_value()) {
    Remember(network, std::string(folded_channel), **room);
  }
  return *room;
}

std::optional<std::string> PortalDirectory::PortalChannel(std::string_view network,
                                                          std::string_view room_id) const {
  {
    std::lock_guard lock(mu_);
    if (auto it = channel_of_.find(room_id); it != channel_of_.end()) {
      if (it->second.first != network) {
        return std::nullopt;
      }
      return it->second.second;
    }
  }
  absl::StatusOr<std::optional<BridgedRoom>> room = rooms_.Find(room_id);
  if (!room.ok()) {
    if (!absl::IsInvalidArgument(room.status())) {
      store_errors_.fetch_add(1);
      common::LogWarn("portal lookup failed",
                      {{"network", std::string(network)}, {"error", room.status().ToString()}});
    }
    return std::nullopt;
  }
  if (!room->has_value() || (*room)->kind != RoomKind::kPortal) {
    return std::nullopt;
  }
  Remember((*room)->network, (*room)->channel, (*room)->room_id);
  if ((*room)->network != network) {
    return std::nullopt;
  }
  return (*room)->channel;
}

}  // namespace mxedge::irc_worker
