#include "in_memory_plumbed_rooms.hpp"

#include "irc_keys.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

using common::Cat;

absl::StatusOr<bool> InMemoryPlumbedRooms::AddInvited(std::string_view network,
                                                      std::string_view room_id,
                                                      std::string_view inviter) {
  if (absl::Status s = ValidateInvitedArgs(network, room_id, inviter); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  if (auto it = invited_.find(room_id); it != invited_.end()) {
    return it->second.network == network;
  }
  absl::StatusOr<std::optional<BridgedRoom>> known = inner_.Find(room_id);
  if (!known.ok()) {
    return known.status();
  }
  if (known->has_value()) {
    return false;
  }
  invited_.emplace(std::string(room_id), BridgedRoom{.room_id = std::string(room_id),
                                                     .network = std::string(network),
                                                     .kind = RoomKind::kInvited,
                                                     .user_id = std::string(inviter)});
  return true;
}

absl::StatusOr<PlumbResult> InMemoryPlumbedRooms::Plumb(std::string_view network,
                                                        std::string_view folded_channel,
                                                        std::string_view room_id,
                                                        std::string_view user_id) {
  if (absl::Status s = ValidatePlumbArgs(network, folded_channel, room_id, user_id); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  auto invited = invited_.find(room_id);
  if (invited == invited_.end()) {
    absl::StatusOr<std::optional<BridgedRoom>> known = inner_.Find(room_id);
    if (!known.ok()) {
      return known.status();
    }
    if (known->has_value() && plumbed_.contains(room_id) && (*known)->network == network) {
      if ((*known)->channel == folded_channel) {
        return PlumbResult{.outcome = PlumbOutcome::kPlumbed, .room_id = std::string(room_id)};
      }
      return PlumbResult{.outcome = PlumbOutcome::kAlreadyPlumbed, .channel = (*known)->channel};
    }
    return PlumbResult{.outcome = PlumbOutcome::kNotInvited};
  }
  if (invited->second.network != network) {
    return PlumbResult{.outcome = PlumbOutcome::kNotInvited};
  }
  absl::StatusOr<std::optional<std::string>> existing = inner_.PortalOf(network, folded_channel);
  if (!existing.ok()) {
    return existing.status();
  }
  if (existing->has_value()) {
    return PlumbResult{.outcome = PlumbOutcome::kChannelTaken, .room_id = **existing};
  }
  absl::StatusOr<std::string> added = inner_.AddPortal(network, folded_channel, room_id);
  if (!added.ok()) {
    return added.status();
  }
  invited_.erase(invited);
  plumbed_.emplace(std::string(room_id), std::string(user_id));
  return PlumbResult{.outcome = PlumbOutcome::kPlumbed, .room_id = std::string(room_id)};
}

absl::StatusOr<std::string> InMemoryPlumbedRooms::AddPortal(std::string_view network,
                                                            std::string_view folded_channel,
                                                            std::string_view room_id) {
  std::lock_guard lock(mu_);
  if (invited_.contains(room_id)) {
    return absl::AlreadyExistsError(Cat("room ", room_id, " is already bridged"));
  }
  return inner_.AddPortal(network, folded_channel, room_id);
}

absl::StatusOr<std::optional<std::string>> InMemoryPlumbedRooms::PortalOf(
    std::string_view network, std::string_view folded_channel) {
  std::lock_guard lock(mu_);
  return inner_.PortalOf(network, folded_channel);
}

absl::Status InMemoryPlumbedRooms::SetAdminRoom(std::string_view network, std::string_view user_id,
                                                std::string_view room_id) {
  std::lock_guard lock(mu_);
  if (invited_.contains(room_id)) {
    return absl::AlreadyExistsError(Cat("room ", room_id, " is already bridged"));
  }
  return inner_.SetAdminRoom(network, user_id, room_id);
}

absl::StatusOr<std::optional<std::string>> InMemoryPlumbedRooms::AdminRoomOf(
    std::string_view network, std::string_view user_id) {
  std::lock_guard lock(mu_);
  return inner_.AdminRoomOf(network, user_id);
}

absl::StatusOr<std::optional<BridgedRoom>> InMemoryPlumbedRooms::Find(std::string_view room_id) {
  std::lock_guard lock(mu_);
  if (auto it = invited_.find(room_id); it != invited_.end()) {
    return it->second;
  }
  absl::StatusOr<std::optional<BridgedRoom>> room = inner_.Find(room_id);
  if (!room.ok() || !room->has_value()) {
    return room;
  }
  if (auto it = plumbed_.find(room_id); it != plumbed_.end()) {
    (*room)->plumbed = true;
    (*room)->user_id = it->second;
  }
  return room;
}

absl::StatusOr<bool> InMemoryPlumbedRooms::Remove(std::string_view room_id) {
  std::lock_guard lock(mu_);
  if (invited_.erase(std::string(room_id)) > 0) {
    return true;
  }
  plumbed_.erase(std::string(room_id));
  return inner_.Remove(room_id);
}

absl::Status InMemoryPlumbedRooms::AddUserChannel(std::string_view network,
                                                  std::string_view user_id,
                                                  std::string_view folded_channel) {
  return inner_.AddUserChannel(network, user_id, folded_channel);
}

absl::Status InMemoryPlumbedRooms::RemoveUserChannel(std::string_view network,
                                                     std::string_view user_id,
                                                     std::string_view folded_channel) {
  return inner_.RemoveUserChannel(network, user_id, folded_channel);
}

absl::StatusOr<std::vector<std::string>> InMemoryPlumbedRooms::UserChannels(
    std::string_view network, std::string_view user_id) {
  return inner_.UserChannels(network, user_id);
}

}  // namespace mxedge::irc_worker
