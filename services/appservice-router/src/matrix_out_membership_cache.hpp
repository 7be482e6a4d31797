#pragma once
// What MatrixOut already knows about the homeserver: which namespace users are registered and
// which (room, user) pairs are joined, so a send costs one homeserver call, not three. Both sets
// are bounded: past max_entries a set is cleared (the next call re-learns it, and register/join
// are idempotent at the homeserver). Thread-safe.
#include <cstddef>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <utility>

namespace mxedge::appservice_router {

class MatrixOutMembershipCache {
 public:
  explicit MatrixOutMembershipCache(size_t max_entries = 100'000);

  bool IsRegistered(std::string_view user_id) const;
  void MarkRegistered(std::string_view user_id);

  bool IsJoined(std::string_view room_id, std::string_view user_id) const;
  void MarkJoined(std::string_view room_id, std::string_view user_id);
  // After a leave or kick (ours, or one seen in the event stream), or a send refused because the
  // user is not in the room.
  void ForgetJoined(std::string_view room_id, std::string_view user_id);

  size_t joined_size() const;

 private:
  const size_t max_entries_;
  mutable std::mutex mu_;
  std::set<std::string, std::less<>> registered_;
  std::set<std::pair<std::string, std::string>> joined_;
};

}  // namespace mxedge::appservice_router
