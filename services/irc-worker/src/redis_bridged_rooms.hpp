#pragma once
// RedisBridgedRooms: BridgedRooms on Redis (prefix as IrcKeys'):
//   irc:room:<room_id>                      hash  network, kind (portal|admin), channel | user
//     (kind pm: a private chat written by RedisPmRooms; Find reports it as RoomKind::kPm)
//     (kind invited, and kind portal with `plumbed` 1 and `user`: written by RedisPlumbedRooms)
//   irc:portal:<network>:<folded channel>   str   room id of the channel's portal
//   irc:admin:<network>:<mxid>              str   room id of the user's admin room
//   irc:user-channels:<network>:<mxid>      set   folded channels the user asked to be in
// Adding a portal, replacing an admin room and removing a room are one script each, so the index
// and the room hash never disagree. Thread-safe when the client is.
#include "bridged_rooms.hpp"
#include "irc_keys.hpp"
#include "mxedge/redis/redis_client.hpp"

namespace mxedge::irc_worker {

class RedisBridgedRooms final : public BridgedRooms {
 public:
  // `client` must outlive this.
  RedisBridgedRooms(redis::RedisClient& client, IrcKeys keys);

  absl::StatusOr<std::string> AddPortal(std::string_view network, std::string_view folded_channel,
                                        std::string_view room_id) override;
  absl::StatusOr<std::optional<std::string>> PortalOf(std::string_view network,
                                                      std::string_view folded_channel) override;
  absl::Status SetAdminRoom(std::string_view network, std::string_view user_id,
                            std::string_view room_id) override;
  absl::StatusOr<std::optional<std::string>> AdminRoomOf(std::string_view network,
                                                         std::string_view user_id) override;
  absl::StatusOr<std::optional<BridgedRoom>> Find(std::string_view room_id) override;
  absl::StatusOr<bool> Remove(std::string_view room_id) override;
  absl::Status AddUserChannel(std::string_view network, std::string_view user_id,
                              std::string_view folded_channel) override;
  absl::Status RemoveUserChannel(std::string_view network, std::string_view user_id,
                                 std::string_view folded_channel) override;
  absl::StatusOr<std::vector<std::string>> UserChannels(std::string_view network,
                                                        std::string_view user_id) override;

  std::string RoomKey(std::string_view room_id) const;
  std::string PortalKey(std::string_view network, std::string_view folded_channel) const;
  std::string AdminKey(std::string_view network, std::string_view user_id) const;
  std::string UserChannelsKey(std::string_view network, std::string_view user_id) const;

 private:
  redis::RedisClient& client_;
  IrcKeys keys_;
};

}  // namespace mxedge::irc_worker
