#pragma once
// FakeRoomRoster: RoomRoster in memory: the members per room set by the test; `fail` makes every
// read fail while set.
#include <map>
#include <string>
#include <vector>

#include "room_roster.hpp"

namespace mxedge::irc_worker {

class FakeRoomRoster final : public RoomRoster {
 public:
  absl::StatusOr<std::vector<std::string>> JoinedMembers(std::string_view as_user,
                                                         std::string_view room_id) override {
    readers.emplace_back(as_user);
    if (!fail.ok()) {
      return fail;
    }
    auto it = members.find(std::string(room_id));
    return it == members.end() ? std::vector<std::string>() : it->second;
  }

  std::map<std::string, std::vector<std::string>> members;  // room → joined user ids
  std::vector<std::string> readers;
  absl::Status fail;
};

}  // namespace mxedge::irc_worker
