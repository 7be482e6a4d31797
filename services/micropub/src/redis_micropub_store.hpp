#pragma once
// MicropubStore on Redis. Keys (under `key_prefix`, "mxedge:" in production):
//   mp:user:<mxid>         hash: "site:<me>" → site JSON with sealed tokens, "prefs" → prefs JSON
//   mp:auth:<state>        string, PX ttl: the sealed pending-request JSON, taken with GETDEL
//   mp:pending:<event_id>  string, PX ttl, SET NX: pending-create JSON
//   mp:post:<event_id>     string: post JSON
//   mp:room:<room_id>      string: mxid
// Access and refresh tokens are sealed with the SecretBox under the aad
// "mp:token:<mxid>:<me>" / "mp:refresh:<mxid>:<me>", the whole pending request (it holds the PKCE
// verifier) under "mp:auth:<state>": a value copied to another key does not open.
#include <string>

#include "micropub_store.hpp"
#include "mxedge/common/secret_box.hpp"
#include "mxedge/redis/redis_client.hpp"

namespace mxedge::micropub {

class RedisMicropubStore final : public MicropubStore {
 public:
  RedisMicropubStore(redis::RedisClient& redis, const common::SecretBox& box,
                     std::string key_prefix = "mxedge:")
      : redis_(redis), box_(box), prefix_(std::move(key_prefix)) {}

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

  // The full Redis key for `name` (e.g. "mp:user:@a:hs"), for tests and admin tooling.
  std::string Key(std::string_view name) const;

 private:
  absl::StatusOr<LinkedSite> OpenSite(std::string_view mxid, std::string_view stored) const;

  redis::RedisClient& redis_;
  const common::SecretBox& box_;
  std::string prefix_;
};

}  // namespace mxedge::micropub
