#include "in_memory_micropub_store.hpp"

#include <utility>

namespace mxedge::micropub {

template <typename T>
void InMemoryMicropubStore::DropExpired(std::map<std::string, Expiring<T>, std::less<>>& map) {
  const auto now = clock_.SteadyNow();
  std::erase_if(map, [now](const auto& entry) { return entry.second.expires <= now; });
}

absl::Status InMemoryMicropubStore::PutSite(std::string_view mxid, const LinkedSite& site) {
  std::lock_guard lock(mu_);
  sites_[std::string(mxid)][site.me] = site;
  return absl::OkStatus();
}

absl::StatusOr<std::vector<LinkedSite>> InMemoryMicropubStore::Sites(std::string_view mxid) {
  std::lock_guard lock(mu_);
  std::vector<LinkedSite> out;
  auto it = sites_.find(mxid);
  if (it != sites_.end()) {
    for (const auto& [me, site] : it->second) {
      out.push_back(site);
    }
  }
  return out;
}

absl::StatusOr<bool> InMemoryMicropubStore::RemoveSite(std::string_view mxid, std::string_view me) {
  std::lock_guard lock(mu_);
  auto it = sites_.find(mxid);
  if (it == sites_.end()) {
    return false;
  }
  const bool removed = it->second.erase(std::string(me)) > 0;
  if (it->second.empty()) {
    sites_.erase(it);
  }
  return removed;
}

absl::StatusOr<UserPrefs> InMemoryMicropubStore::Prefs(std::string_view mxid) {
  std::lock_guard lock(mu_);
  auto it = prefs_.find(mxid);
  return it == prefs_.end() ? UserPrefs{} : it->second;
}

absl::Status InMemoryMicropubStore::PutPrefs(std::string_view mxid, const UserPrefs& prefs) {
  std::lock_guard lock(mu_);
  prefs_[std::string(mxid)] = prefs;
  return absl::OkStatus();
}

absl::Status InMemoryMicropubStore::PutAuth(const PendingLink& link,
                                            std::chrono::milliseconds ttl) {
  std::lock_guard lock(mu_);
  auth_[link.authorization.state] = {link, clock_.SteadyNow() + ttl};
  return absl::OkStatus();
}

absl::StatusOr<std::optional<PendingLink>> InMemoryMicropubStore::TakeAuth(std::string_view state) {
  std::lock_guard lock(mu_);
  DropExpired(auth_);
  auto it = auth_.find(state);
  if (it == auth_.end()) {
    return std::nullopt;
  }
  PendingLink link = std::move(it->second.value);
  auth_.erase(it);
  return link;
}

absl::StatusOr<bool> InMemoryMicropubStore::TryBeginPending(std::string_view event_id,
                                                            const PendingPost& post,
                                                            std::chrono::milliseconds ttl) {
  std::lock_guard lock(mu_);
  DropExpired(pending_);
  return pending_
      .try_emplace(std::string(event_id), Expiring<PendingPost>{post, clock_.SteadyNow() + ttl})
      .second;
}

absl::StatusOr<std::optional<PendingPost>> InMemoryMicropubStore::Pending(
    std::string_view event_id) {
  std::lock_guard lock(mu_);
  DropExpired(pending_);
  auto it = pending_.find(event_id);
  if (it == pending_.end()) {
    return std::nullopt;
  }
  return it->second.value;
}

absl::Status InMemoryMicropubStore::ClearPending(std::string_view event_id) {
  std::lock_guard lock(mu_);
  pending_.erase(std::string(event_id));
  return absl::OkStatus();
}

absl::Status InMemoryMicropubStore::PutPost(std::string_view event_id, const PostRecord& post) {
  std::lock_guard lock(mu_);
  posts_[std::string(event_id)] = post;
  return absl::OkStatus();
}

absl::StatusOr<std::optional<PostRecord>> InMemoryMicropubStore::Post(std::string_view event_id) {
  std::lock_guard lock(mu_);
  auto it = posts_.find(event_id);
  if (it == posts_.end()) {
    return std::nullopt;
  }
  return it->second;
}

absl::Status InMemoryMicropubStore::RemovePost(std::string_view event_id) {
  std::lock_guard lock(mu_);
  posts_.erase(std::string(event_id));
  return absl::OkStatus();
}

absl::Status InMemoryMicropubStore::PutRoom(std::string_view room_id, std::string_view mxid) {
  std::lock_guard lock(mu_);
  rooms_[std::string(room_id)] = std::string(mxid);
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> InMemoryMicropubStore::RoomUser(
    std::string_view room_id) {
  std::lock_guard lock(mu_);
  auto it = rooms_.find(room_id);
  if (it == rooms_.end()) {
    return std::nullopt;
  }
  return it->second;
}

absl::Status InMemoryMicropubStore::RemoveRoom(std::string_view room_id) {
  std::lock_guard lock(mu_);
  rooms_.erase(std::string(room_id));
  return absl::OkStatus();
}

}  // namespace mxedge::micropub
