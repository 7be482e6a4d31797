#pragma once
// FakeRoomMembers: RoomMembers in memory; records every intent as one line of text so tests can
// compare the order ("join @g:hs !r:hs", "leave @g:hs !r:hs reason", "kick @bot !r @t reason",
// "name @g:hs nick").
#include <string>
#include <vector>

#include "mxedge/common/str_cat.hpp"
#include "room_members.hpp"

namespace mxedge::irc_worker {

class FakeRoomMembers final : public RoomMembers {
 public:
  absl::Status Join(std::string_view as_user, std::string_view room_id) override {
    calls.push_back(common::Cat("join ", as_user, " ", room_id));
    return absl::OkStatus();
  }
  absl::Status Leave(std::string_view as_user, std::string_view room_id,
                     std::string_view reason) override {
    calls.push_back(common::Cat("leave ", as_user, " ", room_id, " ", reason));
    return absl::OkStatus();
  }
  absl::Status Kick(std::string_view as_user, std::string_view room_id, std::string_view target,
                    std::string_view reason) override {
    calls.push_back(common::Cat("kick ", as_user, " ", room_id, " ", target, " ", reason));
    return absl::OkStatus();
  }
  absl::Status SetDisplayName(std::string_view as_user, std::string_view name) override {
    calls.push_back(common::Cat("name ", as_user, " ", name));
    return absl::OkStatus();
  }

  std::vector<std::string> calls;
};

}  // namespace mxedge::irc_worker
