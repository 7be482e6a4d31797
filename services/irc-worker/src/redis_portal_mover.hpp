#pragma once
// RedisPortalMover: PortalMover on the keys of RedisBridgedRooms, one Lua script: the room hash
// `irc:room:<old>` is copied to `irc:room:<new>` (every field, so a plumbed room stays plumbed),
// `irc:portal:<network>:<channel>` is pointed at the new room and the old hash is deleted.
#include "irc_keys.hpp"
#include "mxedge/redis/redis_client.hpp"
#include "portal_mover.hpp"

namespace mxedge::irc_worker {

class RedisPortalMover final : public PortalMover {
 public:
  // `client` must outlive this.
  RedisPortalMover(redis::RedisClient& client, IrcKeys keys);

  absl::StatusOr<std::optional<BridgedRoom>> MovePortal(std::string_view old_room_id,
                                                        std::string_view new_room_id) override;

 private:
  redis::RedisClient& client_;
  IrcKeys keys_;
};

}  // namespace mxedge::irc_worker
