#pragma once
// RoomPlumbing: `!plumb` / `!unlink`, bridging an existing room to a channel.
// - A user invites the network's bridge bot into a room that is not a direct chat (direct chats
//   are admin rooms): the bot joins, the room is recorded as invited (PlumbedRooms), so the
//   router sends its events to the network, and the bot says how to plumb it.
// - `!plumb #channel` there, from a moderator (power level ≥ the room's state_default, see
//   room_moderators.hpp; bridge admins too): refused for a channel name the server would refuse,
//   a statically mapped channel and a channel that already has a room; otherwise the room becomes
//   the channel's room (records as a portal's, so messages, membership, topic and modes flow),
//   the bridge info state is set, the joined Matrix members' puppets JOIN (a connection another
//   worker holds through that worker, with RemotePuppetLines; the channel is also among their
//   channels, joined again whenever the connection registers) and the bot answers in the room.
//   Others get a refusal naming the level needed. The channel also becomes one of the bridge
//   bot's channels (BotChannels): the bot joins it, so it is received without puppets.
// - `!unlink` (moderators) in a plumbed or invited room: the mapping is removed, the bridge info
//   emptied, the members' puppets and the bot's connection PART (here or through their worker),
//   the bot says so and leaves.
// - The bot kicked, banned or leaving an invited or plumbed room unlinks it the same way.
// Replies are notices with idempotency keys from the event id, so a redelivered command does not
// repeat its answer. Store failures are RETRY_LATER or REJECTED as FailureOutcome says.
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "bot_channels.hpp"
#include "bridge_admins.hpp"
#include "bridged_rooms.hpp"
#include "matrix_rooms.hpp"
#include "mxedge/bridge/ghost_namer.hpp"
#include "mxedge/v1/sink.pb.h"
#include "plumbed_rooms.hpp"
#include "portal_creator.hpp"
#include "portal_directory.hpp"
#include "puppet_control.hpp"
#include "remote_puppet_lines.hpp"
#include "room_roster.hpp"
#include "room_state.hpp"

namespace mxedge::irc_worker {

class RoomPlumbing {
 public:
  // Everything passed by reference or pointer must outlive this. The networks (bot, static
  // channels, ISUPPORT, bridge info) are PortalCreator's; `ghosts`: network → its ghost namer
  // (ghosts get no puppets); `directory`: forgets unlinked rooms at once (null: none).
  RoomPlumbing(PlumbedRooms& plumbed, BridgedRooms& rooms, PortalCreator& portals,
               MatrixRooms& matrix, RoomState& state, RoomRoster& roster, PuppetControl& puppets,
               BridgeAdmins admins, std::map<std::string, bridge::GhostNamer, std::less<>> ghosts,
               PortalDirectory* directory = nullptr);

  // Whether `event` is an invite of `network`'s bridge bot into a room that is not a direct chat.
  bool IsBotInvite(std::string_view network, const v1::MatrixEvent& event) const;

  // Whether this handles `event` in `room` (what the store knows of it, nullopt for nothing): the
  // bot's invite into an unknown room; `!plumb`/`!unlink` and the bot's leave, kick or ban in an
  // invited or plumbed room of the network.
  bool Concerns(std::string_view network, const std::optional<BridgedRoom>& room,
                const v1::MatrixEvent& event) const;

  // Lines for connections other workers hold go through `remote` (must outlive this; null: they
  // join when their connection next registers). Set before the first Handle.
  void SetRemote(RemotePuppetLines* remote) { remote_ = remote; }
  // The bot's connection joins plumbed channels and parts unlinked ones through `bots` (must
  // outlive this; null: it does not). Set before the first Handle.
  void SetBotChannels(BotChannels* bots) { bots_ = bots; }

  // Handles such an event from `mxid` (the routing key's user).
  v1::EventOutcome Handle(std::string_view network, std::string_view mxid,
                          const std::optional<BridgedRoom>& room, const v1::MatrixEvent& event);

 private:
  struct Context;

  v1::EventOutcome OnInvite(Context& ctx);
  v1::EventOutcome OnCommand(Context& ctx, std::string_view body);
  v1::EventOutcome OnPlumb(Context& ctx, std::string_view channel);
  // Removes the mapping and PARTs the puppets; with `reply`, answers and the bot leaves.
  v1::EventOutcome Unlink(Context& ctx, bool reply);
  // Whether the sender may plumb or unlink; a refusal or a failure as the outcome otherwise.
  std::optional<v1::EventOutcome> CheckModerator(Context& ctx, std::string_view what);
  // The room's Matrix users (no bot, no ghosts); the sender alone when the list cannot be read.
  std::vector<std::string> MatrixMembers(Context& ctx);
  void SetBridgeInfo(Context& ctx, std::string_view folded_channel, bool clear);
  v1::EventOutcome Reply(Context& ctx, std::string_view text);

  PlumbedRooms& plumbed_;
  BridgedRooms& rooms_;
  PortalCreator& portals_;
  MatrixRooms& matrix_;
  RoomState& state_;
  RoomRoster& roster_;
  PuppetControl& puppets_;
  BridgeAdmins admins_;
  std::map<std::string, bridge::GhostNamer, std::less<>> ghosts_;
  PortalDirectory* directory_;
  RemotePuppetLines* remote_ = nullptr;
  BotChannels* bots_ = nullptr;
};

}  // namespace mxedge::irc_worker
