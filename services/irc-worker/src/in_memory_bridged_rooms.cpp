#include "in_memory_bridged_rooms.hpp"

#include "irc_keys.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

std::string InMemoryBridgedRooms::IndexKey(std::string_view network, std::string_view part) {
  return common::Cat(network, "\n", part);
}

absl::StatusOr<std::string> InMemoryBridgedRooms::AddPortal(std::string_view network,
                                                            std::string_view folded_channel,
                                                            std::string_view room_id) {
  if (absl::Status s = ValidateNetworkAndPart(network, "channel", folded_channel); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateRoomArg(room_id); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  const std::string key = IndexKey(network, folded_channel);
  if (auto it = portals_.find(key); it != portals_.end()) {
    return it->second;
  }
  if (rooms_.contains(room_id)) {
    return absl::AlreadyExistsError(common::Cat("room ", room_id, " is already bridged"));
  }
  portals_.emplace(key, std::string(room_id));
  rooms_.emplace(std::string(room_id), BridgedRoom{.room_id = std::string(room_id),
                                                   .network = std::string(network),
                                                   .kind = RoomKind::kPortal,
                                                   .channel = std::string(folded_channel)});
  return std::string(room_id);
}

absl::StatusOr<std::optional<std::string>> InMemoryBridgedRooms::PortalOf(
    std::string_view network, std::string_view folded_channel) {
  if (absl::Status s = ValidateNetworkAndPart(network, "channel", folded_channel); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  auto it = portals_.find(IndexKey(network, folded_channel));
  if (it == portals_.end()) {
    return std::nullopt;
  }
  return it->second;
}

absl::Status InMemoryBridgedRooms::SetAdminRoom(std::string_view network, std::string_view user_id,
                                                std::string_view room_id) {
  if (absl::Status s = ValidateNetworkAndPart(network, "user id", user_id); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateRoomArg(room_id); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  const std::string key = IndexKey(network, user_id);
  if (auto existing = rooms_.find(room_id);
      existing != rooms_.end() &&
      !(existing->second.kind == RoomKind::kAdmin && existing->second.network == network &&
        existing->second.user_id == user_id)) {
    return absl::AlreadyExistsError(common::Cat("room ", room_id, " is already bridged"));
  }
  if (auto old = admins_.find(key); old != admins_.end()) {
    rooms_.erase(old->second);
  }
  admins_[key] = std::string(room_id);
  rooms_[std::string(room_id)] = BridgedRoom{.room_id = std::string(room_id),
                                             .network = std::string(network),
                                             .kind = RoomKind::kAdmin,
                                             .user_id = std::string(user_id)};
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> InMemoryBridgedRooms::AdminRoomOf(
    std::string_view network, std::string_view user_id) {
  if (absl::Status s = ValidateNetworkAndPart(network, "user id", user_id); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  auto it = admins_.find(IndexKey(network, user_id));
  if (it == admins_.end()) {
    return std::nullopt;
  }
  return it->second;
}

absl::StatusOr<std::optional<BridgedRoom>> InMemoryBridgedRooms::Find(std::string_view room_id) {
  if (absl::Status s = ValidateRoomArg(room_id); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  auto it = rooms_.find(room_id);
  if (it == rooms_.end()) {
    return std::nullopt;
  }
  return it->second;
}

absl::StatusOr<bool> InMemoryBridgedRooms::Remove(std::string_view room_id) {
  if (absl::Status s = ValidateRoomArg(room_id); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  auto it = rooms_.find(room_id);
  if (it == rooms_.end()) {
    return false;
  }
  const BridgedRoom& room = it->second;
  auto& index = room.kind == RoomKind::kPortal ? portals_ : admins_;
  const std::string key =
      IndexKey(room.network, room.kind == RoomKind::kPortal ? room.channel : room.user_id);
  if (auto entry = index.find(key); entry != index.end() && entry->second == room_id) {
    index.erase(entry);
  }
  rooms_.erase(it);
  return true;
}

absl::Status InMemoryBridgedRooms::AddUserChannel(std::string_view network,
                                                  std::string_view user_id,
                                                  std::string_view folded_channel) {
  if (absl::Status s = ValidateNetworkAndPart(network, "user id", user_id); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateKeyPart("channel", folded_channel); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  user_channels_[IndexKey(network, user_id)].insert(std::string(folded_channel));
  return absl::OkStatus();
}

absl::Status InMemoryBridgedRooms::RemoveUserChannel(std::string_view network,
                                                     std::string_view user_id,
                                                     std::string_view folded_channel) {
  if (absl::Status s = ValidateNetworkAndPart(network, "user id", user_id); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateKeyPart("channel", folded_channel); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  if (auto it = user_channels_.find(IndexKey(network, user_id)); it != user_channels_.end()) {
    it->second.erase(std::string(folded_channel));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> InMemoryBridgedRooms::UserChannels(
    std::string_view network, std::string_view user_id) {
  if (absl::Status s = ValidateNetworkAndPart(network, "user id", user_id); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  auto it = user_channels_.find(IndexKey(network, user_id));
  if (it == user_channels_.end()) {
    return std::vector<std::string>{};
  }
  return std::vector<std::string>(it->second.begin(), it->second.end());
}

}  // namespace mxedge::irc_worker
