#pragma once
// SinkSelector: which sinks get an event.
// - irc:<network>: the room is an IRC portal or PM room (hash `<prefix>irc:room:<room_id>` with
//   field `network`), or the event involves a user of that network's namespace (the sender, or the
//   state_key of a membership event: a ghost or the bridge bot invited, joined, kicked...). A room
//   the bridge bot was invited into and that is not plumbed yet (`kind` `invited`) sends only its
//   `!plumb` / `!unlink` messages (and what involves the network's users), so chat there before
//   plumbing neither reaches a worker nor asks for IRC connections.
// - micropub: `<prefix>mp:room:<room_id>` exists, or the event involves the micropub bot.
// - Ephemeral events: only the sinks the intake listed as subscribed, and of those only the ones
//   concerned by the room (all of them for room-less presence).
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "dispatch_event.hpp"
#include "mxedge/redis/redis_client.hpp"
#include "sink_target.hpp"

namespace mxedge::appservice_router {

class SinkSelector {
 public:
  // `client` and `users` must outlive the selector.
  SinkSelector(redis::RedisClient& client, const UserSinkLookup& users, std::string key_prefix);

  // The sinks, without duplicates, IRC before micropub. Errors only when Redis could not be asked.
  absl::StatusOr<std::vector<SinkTarget>> Select(const DispatchEvent& event);
  // The same for many events with one Redis round trip (one lookup per distinct room).
  absl::StatusOr<std::vector<std::vector<SinkTarget>>> SelectBatch(
      std::span<const DispatchEvent* const> events);

 private:
  // The sinks a room is mapped to (IRC portal network, micropub DM), and the IRC network of a room
  // waiting for `!plumb`.
  struct RoomSinkInfo {
    std::vector<SinkTarget> sinks;
    std::optional<SinkTarget> invited;
  };
  using RoomSinks = std::map<std::string, RoomSinkInfo, std::less<>>;
  absl::StatusOr<RoomSinks> LookUpRooms(std::span<const DispatchEvent* const> events);
  std::vector<SinkTarget> Decide(const DispatchEvent& event, const RoomSinks& rooms) const;

  redis::RedisClient& client_;
  const UserSinkLookup& users_;
  std::string key_prefix_;
};

}  // namespace mxedge::appservice_router
