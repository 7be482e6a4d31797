#pragma once
// MicropubStore: everything the micropub service keeps between events (ARCHITECTURE "Redis",
// mp:* keys). RedisMicropubStore is the real one; InMemoryMicropubStore serves unit tests. Both
// pass the one contract suite in tests/micropub_store_contract.hpp.
//
// Status conventions: the backend's failures as they come (Unavailable, DeadlineExceeded …);
// a stored record that cannot be read back (corrupt JSON, a sealed value that does not open) is
// DataLoss naming the key.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "store_records.hpp"

namespace mxedge::micropub {

class MicropubStore {
 public:
  virtual ~MicropubStore() = default;

  // ---- mp:user:<mxid> ----
  // Adds the site or replaces the one with the same `me`.
  virtual absl::Status PutSite(std::string_view mxid, const LinkedSite& site) = 0;
  // The user's sites ordered by `me`; empty when none.
  virtual absl::StatusOr<std::vector<LinkedSite>> Sites(std::string_view mxid) = 0;
  // Returns whether a site with that `me` was linked.
  virtual absl::StatusOr<bool> RemoveSite(std::string_view mxid, std::string_view me) = 0;
  // Default-constructed prefs when none were stored.
  virtual absl::StatusOr<UserPrefs> Prefs(std::string_view mxid) = 0;
  virtual absl::Status PutPrefs(std::string_view mxid, const UserPrefs& prefs) = 0;

  // ---- mp:auth:<state>: single use, expires after `ttl` ----
  virtual absl::Status PutAuth(const PendingLink& link, std::chrono::milliseconds ttl) = 0;
  // Returns and removes the request (GETDEL): a second call for the same state finds nothing.
  virtual absl::StatusOr<std::optional<PendingLink>> TakeAuth(std::string_view state) = 0;

  // ---- mp:pending:<event_id> ----
  // Records the create before its POST. Returns false, leaving the record alone, when one is
  // already there (a redelivery).
  virtual absl::StatusOr<bool> TryBeginPending(std::string_view event_id, const PendingPost& post,
                                               std::chrono::milliseconds ttl) = 0;
  virtual absl::StatusOr<std::optional<PendingPost>> Pending(std::string_view event_id) = 0;
  virtual absl::Status ClearPending(std::string_view event_id) = 0;

  // ---- mp:post:<event_id> ----
  virtual absl::Status PutPost(std::string_view event_id, const PostRecord& post) = 0;
  virtual absl::StatusOr<std::optional<PostRecord>> Post(std::string_view event_id) = 0;
  virtual absl::Status RemovePost(std::string_view event_id) = 0;

  // ---- mp:room:<room_id> ----
  virtual absl::Status PutRoom(std::string_view room_id, std::string_view mxid) = 0;
  virtual absl::StatusOr<std::optional<std::string>> RoomUser(std::string_view room_id) = 0;
  virtual absl::Status RemoveRoom(std::string_view room_id) = 0;
};

}  // namespace mxedge::micropub
