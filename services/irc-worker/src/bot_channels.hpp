#pragma once
// BotChannels: the bridge bot's channels beyond the static ones. A portal created or adopted and
// a room plumbed add their channel to the bot's irc:user-channels (which the rooms observer JOINs
// on every registration of the bot's connection) and JOIN it now when the connection is up: on
// this worker through PuppetControl, on the worker holding it through RemotePuppetLines. An
// unlinked room removes the channel and PARTs it the same way. So a portal or plumbed channel is
// received even after all puppets left it. Whether the bot then stays while puppets are there is
// BotPresence's (`bot_leaves_when_puppets`).
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "bridged_rooms.hpp"
#include "puppet_control.hpp"
#include "remote_puppet_lines.hpp"

namespace mxedge::irc_worker {

class BotChannels {
 public:
  // References and pointers must outlive this; `remote` null: a bot connection another worker
  // holds joins when it next registers.
  BotChannels(BridgedRooms& rooms, PuppetControl& puppets, RemotePuppetLines* remote);

  // Records `folded_channel` among `bot_mxid`'s channels on `network` and JOINs it when the bot's
  // connection is registered. Errors: the store's (nothing was sent). A line that cannot be
  // delivered now is not an error: the channel is joined on the next registration.
  absl::Status Join(std::string_view network, std::string_view bot_mxid,
                    std::string_view folded_channel);
  // Forgets `folded_channel` among the bot's channels and PARTs it. Errors: the store's (the PART
  // is sent all the same).
  absl::Status Part(std::string_view network, std::string_view bot_mxid,
                    std::string_view folded_channel);

 private:
  // Sends `line` on the bot's connection, wherever it is; whether it was sent.
  bool Send(std::string_view network, std::string_view bot_mxid, const std::string& line);

  BridgedRooms& rooms_;
  PuppetControl& puppets_;
  RemotePuppetLines* remote_;
};

}  // namespace mxedge::irc_worker
