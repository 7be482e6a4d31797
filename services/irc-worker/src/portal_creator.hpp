#pragma once
// PortalCreator: portal rooms on demand. When a Matrix user joins `#irc_<network>_<channel>:hs`,
// the homeserver asks the router about the alias and the router asks a worker of that network;
// the worker creates the room as the network's bridge bot with
// - the alias, the channel as name, preset public_chat (the join rule follows the channel's
//   +i/+k once the bridge sees its modes),
// - bridge info state (`m.bridge` and `uk.half-shot.bridge`, state key
//   `mxedge://irc/<network>/<channel>`),
// and records it in BridgedRooms, which also tells the router to send the room's events to the
// network. Channel names fold by the network's CASEMAPPING, so `#Python` and `#python` are one
// portal. A channel with a static mapping in the config gets no portal: its configured room wins.
// Two workers answering the same alias at once: the homeserver gives the alias to one room
// (M_ROOM_IN_USE for the other, which then adopts the alias' room).
// A portal created or adopted becomes one of the bridge bot's channels (BotChannels), so the
// channel is received even when no puppet is in it.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "bot_channels.hpp"
#include "bridged_rooms.hpp"
#include "channel_mapping.hpp"
#include "matrix_rooms.hpp"
#include "mxedge/bridge/bridge_info.hpp"
#include "mxedge/bridge/portal_alias_namer.hpp"
#include "mxedge/irc/isupport.hpp"

namespace mxedge::irc_worker {

struct PortalNetwork {
  bridge::NetworkInfo info;
  std::string bot_user_id;  // "@irc_libera:example.org"
  ChannelMapping static_channels;
  irc::ISupport isupport;  // CHANTYPES, CHANNELLEN, CASEMAPPING of the network's server
  // The network's own `portal_alias_template`; nullopt: the creator's namer.
  std::optional<bridge::PortalAliasNamer> alias_namer;
};

class PortalCreator {
 public:
  // `rooms` and `matrix` must outlive this. `networks`: network id → what portals need of it.
  PortalCreator(BridgedRooms& rooms, MatrixRooms& matrix, bridge::PortalAliasNamer namer,
                std::map<std::string, PortalNetwork, std::less<>> networks);

  // The alias query: the portal room of the alias' channel, created now if needed. nullopt when
  // no portal answers to the alias: not ours, an unknown network, a channel name the server would
  // refuse, a statically mapped channel, or a channel plumbed into an existing room. Errors: the
  // store or the homeserver failed (the homeserver asks again on the next join).
  absl::StatusOr<std::optional<std::string>> OnAliasQuery(std::string_view alias);

  // The room bridged to `channel` on `network`: the static mapping's, else the portal, created if
  // needed. InvalidArgumentError for an unknown network or a bad channel name.
  absl::StatusOr<std::string> EnsurePortal(std::string_view network, std::string_view channel);

  // The room bridged to `channel` without creating one: the static mapping's, else the portal.
  absl::StatusOr<std::optional<std::string>> RoomOf(std::string_view network,
                                                    std::string_view channel);

  // The channel bridged to `room_id` (static or portal) and its network; nullopt when none.
  absl::StatusOr<std::optional<std::pair<std::string, std::string>>> ChannelOf(
      std::string_view room_id);

  const PortalNetwork* FindNetwork(std::string_view network) const;

  // The bot joins each portal created or adopted from now on through `bots` (must outlive this;
  // null: it does not).
  void SetBotChannels(BotChannels* bots) { bots_ = bots; }

 private:
  const bridge::PortalAliasNamer& NamerOf(const PortalNetwork& net) const {
    return net.alias_namer.has_value() ? *net.alias_namer : namer_;
  }
  absl::StatusOr<bridge::PortalChannel> ParseAlias(std::string_view alias) const;

  absl::StatusOr<std::string> CreatePortal(std::string_view network, const PortalNetwork& net,
                                           std::string_view folded_channel);

  BridgedRooms& rooms_;
  MatrixRooms& matrix_;
  bridge::PortalAliasNamer namer_;
  std::map<std::string, PortalNetwork, std::less<>> networks_;
  BotChannels* bots_ = nullptr;
};

}  // namespace mxedge::irc_worker
