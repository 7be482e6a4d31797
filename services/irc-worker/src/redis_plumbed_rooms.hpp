#pragma once
// RedisPlumbedRooms: PlumbedRooms on the keys of RedisBridgedRooms (prefix as IrcKeys'):
//   irc:room:<room_id>   hash  network, kind invited, user (the inviter)
//                              → after !plumb: network, kind portal, channel, plumbed 1, user
//   irc:portal:<network>:<folded channel>   str   the plumbed room, as for a portal
// Each operation is one Lua script. Thread-safe when the client is.
#include "irc_keys.hpp"
#include "mxedge/redis/redis_client.hpp"
#include "plumbed_rooms.hpp"

namespace mxedge::irc_worker {

class RedisPlumbedRooms final : public PlumbedRooms {
 public:
  // `client` must outlive this.
  RedisPlumbedRooms(redis::RedisClient& client, IrcKeys keys);

  absl::StatusOr<bool> AddInvited(std::string_view network, std::string_view room_id,
                                  std::string_view inviter) override;
  absl::StatusOr<PlumbResult> Plumb(std::string_view network, std::string_view folded_channel,
                                    std::string_view room_id, std::string_view user_id) override;

 private:
  redis::RedisClient& client_;
  IrcKeys keys_;
};

}  // namespace mxedge::irc_worker
