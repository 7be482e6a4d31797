#pragma once
// InMemoryBridgedRooms: BridgedRooms in maps under a mutex, for unit tests.
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "bridged_rooms.hpp"

namespace mxedge::irc_worker {

class InMemoryBridgedRooms final : public BridgedRooms {
 public:
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
  static std::string IndexKey(std::string_view network, std::string_view part);

  std::mutex mu_;
  std::map<std::string, BridgedRoom, std::less<>> rooms_;
  std::map<std::string, std::string, std::less<>> portals_;  // "<network>\n<channel>" → room
  std::map<std::string, std::string, std::less<>> admins_;   // "<network>\n<user>" → room
  std::map<std::string, std::set<std::string>, std::less<>> user_channels_;
};

}  // namespace mxedge::irc_worker
