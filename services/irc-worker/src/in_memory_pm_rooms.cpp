#include "in_memory_pm_rooms.hpp"

#include "bridged_rooms.hpp"
#include "irc_keys.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

using common::Cat;

std::string InMemoryPmRooms::IndexKey(std::string_view network, std::string_view owner,
                                      std::string_view nick) {
  return Cat(network, "\n", owner, "\n", nick);
}

void InMemoryPmRooms::ReserveRoom(std::string room_id) {
  std::lock_guard lock(mu_);
  reserved_.insert(std::move(room_id));
}

absl::StatusOr<std::string> InMemoryPmRooms::Add(const PmRoom& room) {
  if (absl::Status s = ValidatePmArgs(room.network, room.owner, room.nick); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateRoomArg(room.room_id); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  const std::string key = IndexKey(room.network, room.owner, room.nick);
  if (auto it = index_.find(key); it != index_.end()) {
    return it->second;
  }
  if (rooms_.contains(room.room_id) || reserved_.contains(room.room_id)) {
    return absl::AlreadyExistsError(Cat("room ", room.room_id, " is already bridged"));
  }
  index_.emplace(key, room.room_id);
  rooms_.emplace(room.room_id, room);
  return room.room_id;
}

absl::StatusOr<std::optional<std::string>> InMemoryPmRooms::RoomOf(std::string_view network,
                                                                   std::string_view owner,
                                                                   std::string_view folded_nick) {
  if (absl::Status s = ValidatePmArgs(network, owner, folded_nick); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  auto it = index_.find(IndexKey(network, owner, folded_nick));
  if (it == index_.end()) {
    return std::nullopt;
  }
  return std::optional<std::string>(it->second);
}

absl::StatusOr<std::optional<PmRoom>> InMemoryPmRooms::Find(std::string_view room_id) {
  if (absl::Status s = ValidateRoomArg(room_id); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  auto it = rooms_.find(room_id);
  if (it == rooms_.end()) {
    return std::nullopt;
  }
  return std::optional<PmRoom>(it->second);
}

absl::StatusOr<bool> InMemoryPmRooms::Remove(std::string_view room_id) {
  if (absl::Status s = ValidateRoomArg(room_id); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  auto it = rooms_.find(room_id);
  if (it == rooms_.end()) {
    return false;
  }
  const PmRoom& room = it->second;
  auto index = index_.find(IndexKey(room.network, room.owner, room.nick));
  if (index != index_.end() && index->second == room_id) {
    index_.erase(index);
  }
  std::erase_if(told_, [&](const auto& entry) { return entry.first == room_id; });
  rooms_.erase(it);
  return true;
}

absl::StatusOr<std::optional<std::string>> InMemoryPmRooms::Rename(std::string_view network,
                                                                   std::string_view owner,
                                                                   std::string_view old_nick,
                                                                   std::string_view new_nick) {
  if (absl::Status s = ValidatePmArgs(network, owner, old_nick); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidatePmArgs(network, owner, new_nick); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  auto old_entry = index_.find(IndexKey(network, owner, old_nick));
  if (old_entry == index_.end()) {
    return std::nullopt;
  }
  const std::string new_key = IndexKey(network, owner, new_nick);
  if (index_.contains(new_key)) {
    return absl::AlreadyExistsError(Cat("a private chat with ", new_nick, " exists already"));
  }
  std::string room_id = old_entry->second;
  index_.erase(old_entry);
  index_.emplace(new_key, room_id);
  if (auto room = rooms_.find(room_id); room != rooms_.end()) {
    room->second.nick = std::string(new_nick);
  }
  return std::optional<std::string>(std::move(room_id));
}

absl::StatusOr<bool> InMemoryPmRooms::MarkTold(std::string_view room_id, std::string_view sender) {
  if (absl::Status s = ValidateRoomArg(room_id); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateKeyPart("matrix user id", sender); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  return told_.emplace(std::string(room_id), std::string(sender)).second;
}

}  // namespace mxedge::irc_worker
