#pragma once
// FakeRoomState: RoomState in memory. Keeps the latest content per (room, type, state key),
// records every write, and fails the next call with `fail_next` when it is set.
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "room_state.hpp"

namespace mxedge::irc_worker {

class FakeRoomState final : public RoomState {
 public:
  struct Write {
    std::string as_user;
    StateKey key;
    std::string content_json;
  };

  absl::StatusOr<std::string> GetState(std::string_view as_user, const StateKey& key) override {
    reads.emplace_back(std::string(as_user), key.type);
    if (!fail_next.ok()) {
      return std::exchange(fail_next, absl::OkStatus());
    }
    auto it = state.find({key.room_id, key.type, key.state_key});
    if (it == state.end()) {
      return absl::NotFoundError(absl::StrCat("get ", key.type, ": M_NOT_FOUND (HTTP 404)"));
    }
    return it->second;
  }
  absl::StatusOr<std::string> SetState(std::string_view as_user, const StateKey& key,
                                       std::string_view content_json) override {
    if (!fail_next.ok()) {
      return std::exchange(fail_next, absl::OkStatus());
    }
    writes.push_back({std::string(as_user), key, std::string(content_json)});
    state[{key.room_id, key.type, key.state_key}] = std::string(content_json);
    return absl::StrCat("$state", writes.size());
  }

  // Seeds state as if someone else had set it.
  void Put(const std::string& room_id, const std::string& type, std::string content_json) {
    state[{room_id, type, ""}] = std::move(content_json);
  }

  std::map<std::tuple<std::string, std::string, std::string>, std::string> state;
  std::vector<Write> writes;
  std::vector<std::pair<std::string, std::string>> reads;  // (as_user, type)
  absl::Status fail_next;
};

}  // namespace mxedge::irc_worker
