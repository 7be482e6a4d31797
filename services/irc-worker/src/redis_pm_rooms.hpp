#pragma once
// RedisPmRooms: PmRooms on Redis (keys in pm_rooms.hpp, prefix as IrcKeys'). Adding, removing and
// renaming are one script each, so the index and the room hash never disagree; the scripts build
// the room hash key from the prefix, which needs one Redis (not a Cluster), as the rest of the
// worker's scripts do. Thread-safe when the client is.
#include "irc_keys.hpp"
#include "mxedge/redis/redis_client.hpp"
#include "pm_rooms.hpp"

namespace mxedge::irc_worker {

class RedisPmRooms final : public PmRooms {
 public:
  // `client` must outlive this.
  RedisPmRooms(redis::RedisClient& client, IrcKeys keys);

  absl::StatusOr<std::string> Add(const PmRoom& room) override;
  absl::StatusOr<std::optional<std::string>> RoomOf(std::string_view network,
                                                    std::string_view owner,
                                                    std::string_view folded_nick) override;
  absl::StatusOr<std::optional<PmRoom>> Find(std::string_view room_id) override;
  absl::StatusOr<bool> Remove(std::string_view room_id) override;
  absl::StatusOr<std::optional<std::string>> Rename(std::string_view network,
                                                    std::string_view owner,
                                                    std::string_view old_nick,
                                                    std::string_view new_nick) override;
  absl::StatusOr<bool> MarkTold(std::string_view room_id, std::string_view sender) override;

  std::string PmKey(std::string_view network, std::string_view owner,
                    std::string_view folded_nick) const;
  std::string RoomKey(std::string_view room_id) const;
  std::string ToldKey(std::string_view room_id) const;

 private:
  redis::RedisClient& client_;
  IrcKeys keys_;
};

}  // namespace mxedge::irc_worker
