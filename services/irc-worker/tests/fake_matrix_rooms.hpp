#pragma once
// FakeMatrixRooms: MatrixRooms in memory. Records every call; CreateRoom hands out "!room<n>:hs"
// and refuses an alias it already gave out with AlreadyExistsError, as the homeserver does.
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "matrix_rooms.hpp"

namespace mxedge::irc_worker {

class FakeMatrixRooms final : public MatrixRooms {
 public:
  struct Notice {
    std::string as_user;
    std::string room_id;
    std::string body;
    std::string key;
  };
  struct Membership {
    std::string as_user;
    std::string room_id;
    std::string other;  // the invitee for invites
  };

  absl::StatusOr<std::string> CreateRoom(const RoomCreation& creation) override {
    if (!fail_next.ok()) {
      return std::exchange(fail_next, absl::OkStatus());
    }
    std::string room_id = absl::StrCat("!room", ++counter, ":hs");
    if (!creation.alias_localpart.empty()) {
      std::string alias = absl::StrCat("#", creation.alias_localpart, ":hs");
      if (aliases.contains(alias)) {
        return absl::AlreadyExistsError("create room: M_ROOM_IN_USE (HTTP 400)");
      }
      aliases[alias] = room_id;
    }
    created.push_back(creation);
    return room_id;
  }
  absl::StatusOr<std::string> ResolveAlias(std::string_view alias) override {
    auto it = aliases.find(std::string(alias));
    if (it == aliases.end()) {
      return absl::NotFoundError("resolve alias: M_NOT_FOUND (HTTP 404)");
    }
    return it->second;
  }
  absl::Status SendNotice(std::string_view as_user, std::string_view room_id, std::string_view body,
                          std::string_view key) override {
    notices.push_back(
        {std::string(as_user), std::string(room_id), std::string(body), std::string(key)});
    return absl::OkStatus();
  }
  absl::Status Join(std::string_view as_user, std::string_view room_id) override {
    if (!fail_join.ok()) {
      return fail_join;
    }
    joins.push_back({std::string(as_user), std::string(room_id), ""});
    return absl::OkStatus();
  }
  absl::Status Leave(std::string_view as_user, std::string_view room_id) override {
    leaves.push_back({std::string(as_user), std::string(room_id), ""});
    return absl::OkStatus();
  }
  absl::Status Invite(std::string_view as_user, std::string_view room_id,
                      std::string_view invitee) override {
    invites.push_back({std::string(as_user), std::string(room_id), std::string(invitee)});
    return absl::OkStatus();
  }

  // Notice bodies in order.
  std::vector<std::string> NoticeBodies() const {
    std::vector<std::string> out;
    for (const Notice& n : notices) {
      out.push_back(n.body);
    }
    return out;
  }

  int counter = 0;
  absl::Status fail_next;
  absl::Status fail_join;  // every Join fails with it while set
  std::map<std::string, std::string> aliases;
  std::vector<RoomCreation> created;
  std::vector<Notice> notices;
  std::vector<Membership> joins;
  std::vector<Membership> leaves;
  std::vector<Membership> invites;
};

}  // namespace mxedge::irc_worker
