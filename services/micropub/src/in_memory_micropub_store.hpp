#pragma once
// MicropubStore in process memory, with expiry by a common::Clock (tests advance a FakeClock).
// Thread-safe.
#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "micropub_store.hpp"
#include "mxedge/common/clock.hpp"

namespace mxedge::micropub {

class InMemoryMicropubStore final : public MicropubStore {
 public:
  explicit InMemoryMicropubStore(const common::Clock& clock) : clock_(clock) {}

  absl::Status PutSite(std::string_view mxid, const LinkedSite& site) override;
  absl::StatusOr<std::vector<LinkedSite>> Sites(std::string_view mxid) override;
  absl::StatusOr<bool> RemoveSite(std::string_view mxid, std::string_view me) override;
  absl::StatusOr<UserPrefs> Prefs(std::string_view mxid) override;
  absl::Status PutPrefs(std::string_view mxid, const UserPrefs& prefs) override;

  absl::Status PutAuth(const PendingLink& link, std::chrono::milliseconds ttl) override;
  absl::StatusOr<std::optional<PendingLink>> TakeAuth(std::string_view state) override;

  absl::StatusOr<bool> TryBeginPending(std::string_view event_id, const PendingPost& post,
                                       std::chrono::milliseconds ttl) override;
  absl::StatusOr<std::optional<PendingPost>> Pending(std::string_view event_id) override;
  absl::Status ClearPending(std::string_view event_id) override;

  absl::Status PutPost(std::string_view event_id, const PostRecord& post) override;
  absl::StatusOr<std::optional<PostRecord>> Post(std::string_view event_id) override;
  absl::Status RemovePost(std::string_view event_id) override;

  absl::Status PutRoom(std::string_view room_id, std::string_view mxid) override;
  absl::StatusOr<std::optional<std::string>> RoomUser(std::string_view room_id) override;
  absl::Status RemoveRoom(std::string_view room_id) override;

 private:
  template <typename T>
  struct Expiring {
    T value;
    std::chrono::steady_clock::time_point expires;
  };
  template <typename T>
  void DropExpired(std::map<std::string, Expiring<T>, std::less<>>& map);

  const common::Clock& clock_;
  std::mutex mu_;
  std::map<std::string, std::map<std::string, LinkedSite>, std::less<>> sites_;
  std::map<std::string, UserPrefs, std::less<>> prefs_;
  std::map<std::string, Expiring<PendingLink>, std::less<>> auth_;
  std::map<std::string, Expiring<PendingPost>, std::less<>> pending_;
  std::map<std::string, PostRecord, std::less<>> posts_;
  std::map<std::string, std::string, std::less<>> rooms_;
};

}  // namespace mxedge::micropub
