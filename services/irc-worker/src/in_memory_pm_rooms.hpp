#pragma once
// InMemoryPmRooms: PmRooms in one process (tests, single-worker setups). Thread-safe.
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "pm_rooms.hpp"

namespace mxedge::irc_worker {

class InMemoryPmRooms final : public PmRooms {
 public:
  absl::StatusOr<std::string> Add(const PmRoom& room) override;
  absl::StatusOr<std::optional<std::string>> RoomOf(std::string_view network,
                                                    std::string_view owner,
                                                    std::string_view folded_nick) override;
  absl::StatusOr<std::optional<PmRoom>> Find(std::string_view room_id) override;
  absl::StatusOr<bool> Remove(std::string_view room_id) override;
  absl::StatusOr<std::optional<std::string>> Rename(std::string_view network,
                                                    std::string_view owner,
                                                    std::string_view old_nick,
                                                    std::string_view new_nick) override;
  absl::StatusOr<bool> MarkTold(std::string_view room_id, std::string_view sender) override;

  // Rooms recorded as something else than a PM room (a portal, an admin room): Add refuses them.
  void ReserveRoom(std::string room_id);

 private:
  static std::string IndexKey(std::string_view network, std::string_view owner,
                              std::string_view nick);

  std::mutex mu_;
  std::map<std::string, std::string, std::less<>> index_;  // "<network>\n<owner>\n<nick>" → room
  std::map<std::string, PmRoom, std::less<>> rooms_;
  std::set<std::string, std::less<>> reserved_;
  std::set<std::pair<std::string, std::string>> told_;
};

}  // namespace mxedge::irc_worker
