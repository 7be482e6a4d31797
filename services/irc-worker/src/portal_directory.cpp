#include "portal_directory.hpp"

#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

void PortalDirectory::ExpireLocked() const {
  if (clock_ == nullptr) {
    return;
  }
  const std::chrono::steady_clock::time_point now = clock_->SteadyNow();
  if (room_of_.empty() && channel_of_.empty()) {
    cached_since_ = now;
  } else if (now - cached_since_ >= ttl_) {
    room_of_.clear();
    channel_of_.clear();
    cached_since_ = now;
  }
}

void PortalDirectory::Forget(std::string_view room_id) {
  std::lock_guard lock(mu_);
  auto it = channel_of_.find(room_id);
  if (it != channel_of_.end()) {
    room_of_.erase(common::Cat(it->second.first, "\n", it->second.second));
    channel_of_.erase(it);
  }
  for (auto room = room_of_.begin(); room != room_of_.end();) {
    room = room->second == room_id ? room_of_.erase(room) : std::next(room);
  }
}

void PortalDirectory::Remember(std::string_view network, const std::string& channel,
                               const std::string& room_id) const {
  std::lock_guard lock(mu_);
  ExpireLocked();
  room_of_[common::Cat(network, "\n", channel)] = room_id;
  channel_of_[room_id] = {std::string(network), channel};
}

std::optional<std::string> PortalDirectory::PortalRoom(std::string_view network,
                                                       std::string_view folded_channel) const {
  {
    std::lock_guard lock(mu_);
    ExpireLocked();
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
    ExpireLocked();
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
