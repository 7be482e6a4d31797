#pragma once
// InMemoryPlumbedRooms: BridgedRooms and PlumbedRooms in memory for unit tests: an
// InMemoryBridgedRooms for portals, admin rooms and user channels, with the invited and plumbed
// rooms kept beside it under one mutex, so Find and Remove see them as RedisBridgedRooms does.
#include <map>
#include <mutex>
#include <string>

#include "bridged_rooms.hpp"
#include "in_memory_bridged_rooms.hpp"
#include "plumbed_rooms.hpp"

namespace mxedge::irc_worker {

class InMemoryPlumbedRooms final : public BridgedRooms, public PlumbedRooms {
 public:
  // PlumbedRooms
  absl::StatusOr<bool> AddInvited(std::string_view network, std::string_view room_id,
                                  std::string_view inviter) override;
  absl::StatusOr<PlumbResult> Plumb(std::string_view network, std::string_view folded_channel,
                                    std::string_view room_id, std::string_view user_id) override;

  // BridgedRooms
  absl::StatusOr<std::string> AddPortal(std::string_view network, std::string_view folded_channel,
                                        std::string_view room_id) override;
  absl::StatusOr<std::optional<std::string>> PortalOf(std::string_view network,
                                                      std::string_view folded_channel) override;
  absl::Status SetAdminRoom(std::string_view network, std::string_view user_id,
                            std::string_view room_id) override;
  absl::StatusOr<std::optional<std::string>> AdminRoomOf(std::string_view network,
                                                         std::string_view user_id) override;
  absl::StatusOr<std::optional<BridgedRoom>> Find(std::string_view room_id) override;
  absl::StatusOr<bool> Remove(std::string_view room_id) override;
  absl::Status AddUserChannel(std::string_view network, std::string_view user_id,
                              std::string_view folded_channel) override;
  absl::Status RemoveUserChannel(std::string_view network, std::string_view user_id,
                                 std::string_view folded_channel) override;
  absl::StatusOr<std::vector<std::string>> UserChannels(std::string_view network,
                                                        std::string_view user_id) override;

 private:
  std::recursive_mutex mu_;
  InMemoryBridgedRooms inner_;
  std::map<std::string, BridgedRoom, std::less<>> invited_;  // room → kInvited record
  std::map<std::string, std::string, std::less<>> plumbed_;  // room → the user who plumbed it
};

}  // namespace mxedge::irc_worker
