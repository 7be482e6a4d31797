#pragma once
// BridgeBots: one IRC connection per network for the network's bridge bot, so a mapped channel
// is received even when no Matrix user's puppet is in it. The bot is owned like any connection:
// its mxid (`@<bot_localpart>:<server_name>`) is put in irc:want, the rendezvous ranks the workers
// and exactly one claims it, and a takeover or drain moves it like a puppet. Its channels are its
// irc:user-channels, which the rooms observer JOINs on every registration: Enroll() records the
// network's static channels there, BotChannels the portal and plumbed ones. It is never idled out
// or evicted (ConnectionLimits do not track it) and it never speaks; IrcToMatrix takes its lines
// like a puppet's, so it becomes a channel's receiver when it is the only member there.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "bridged_rooms.hpp"
#include "config.hpp"
#include "connection_claims.hpp"
#include "connection_key.hpp"

namespace mxedge::irc_worker {

// "@<bot_localpart>:<server_name>" ($NETWORK replaced), as RoomsModule names the network's bot;
// "@irc_<network>:<server_name>" when the template does not render.
std::string BridgeBotMxid(const NetworkConfig& network, std::string_view server_name);

class BridgeBots {
 public:
  // `claims` and `rooms` must outlive this.
  BridgeBots(const Config& config, ConnectionClaims& claims, BridgedRooms& rooms);

  bool IsBot(const ConnectionKey& key) const;
  // The bot's nick (`bot_nick`, else the bot's localpart) for a bot key; nullopt for a puppet.
  std::optional<std::string> NickOf(const ConnectionKey& key) const;

  // Until it has succeeded once: the static channels in each bot's irc:user-channels, then each
  // bot in irc:want. Returns the first error (the next call tries again).
  absl::Status Enroll();
  bool enrolled() const { return enrolled_; }

 private:
  struct Bot {
    std::string mxid;
    std::string nick;
    std::vector<std::string> folded_channels;
  };

  ConnectionClaims& claims_;
  BridgedRooms& rooms_;
  std::map<std::string, Bot, std::less<>> bots_;  // by network
  bool enrolled_ = false;
};

}  // namespace mxedge::irc_worker
