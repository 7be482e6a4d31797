#pragma once
// AdminRoom: a user's DM with a network's bridge bot.
// - The user invites the bot into a direct chat (`is_direct`): the bot joins, the room becomes
//   the user's admin room on that network (a newer one replaces the older) and the bot says how
//   to get help. Invites that are not direct chats are left alone.
// - Encryption: the bridge cannot read encrypted messages. When the invite's room state, a
//   `m.room.encryption` event or an `m.room.encrypted` message shows the room is encrypted, the
//   bot says so in plain text, leaves it, and opens a new unencrypted DM that becomes the admin
//   room.
// - Commands (libs/bridge's ParseAdminCommand, first line of an `m.text`): !join #chan [key]
//   (JOIN, the channel's room — portal created if needed — and an invite to it), !part #chan,
//   !nick (NICK; the server's refusal, e.g. a taken nick, is told by the connection notices),
//   !whois nick (WHOIS; replies come as notices) or @mxid (the nick of a user connected through
//   this worker), !listrooms, !reconnect, !quit, !help [command], !cmd (bridge admins), and
//   !username / !storepass [user:]pass / !removepass in the UserCredentials (used from the next
//   connection; the reply to !storepass asks the user to delete their message, which the bridge
//   cannot redact; without an encryption key it says storing passwords is disabled). Parse
//   errors are answered as the parser words them. !plumb and !unlink are answered as commands of
//   the room to bridge (RoomPlumbing), not of the admin room.
// - The user leaving the admin room forgets it; the bot leaves too.
// Commands that need the connection answer NOT_MINE when another worker owns it and RETRY_LATER
// while it registers. Notices carry idempotency keys from the event id, so a redelivered command
// does not repeat its answer.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "bridge_admins.hpp"
#include "bridged_rooms.hpp"
#include "event_outcome.hpp"
#include "matrix_rooms.hpp"
#include "mxedge/bridge/admin_command.hpp"
#include "mxedge/irc/isupport.hpp"
#include "mxedge/v1/sink.pb.h"
#include "portal_creator.hpp"
#include "puppet_control.hpp"
#include "user_credentials.hpp"

namespace mxedge::irc_worker {

struct AdminNetwork {
  std::string bot_user_id;
  irc::ISupport isupport;
  BridgeAdmins bridge_admins;  // users allowed !cmd
};

class AdminRoom {
 public:
  // Everything passed by reference or pointer must outlive this. `credentials`: nullptr answers
  // !username, !storepass and !removepass as disabled.
  AdminRoom(BridgedRooms& rooms, MatrixRooms& matrix, PuppetControl& puppets,
            PortalCreator& portals, std::map<std::string, AdminNetwork, std::less<>> networks,
            UserCredentials* credentials = nullptr);

  // Whether `event` is a direct-chat invite of `network`'s bridge bot.
  bool IsBotInvite(std::string_view network, const v1::MatrixEvent& event) const;

  // Handles one event from `mxid` on `network`, in `room` (the admin room, or nullopt for a bot
  // invite into a room the store does not know).
  v1::EventOutcome Handle(std::string_view network, std::string_view mxid,
                          const std::optional<BridgedRoom>& room, const v1::MatrixEvent& event);

  // Sends `body` to the user's admin room; OK without effect when the user has none.
  absl::Status Notify(std::string_view network, std::string_view mxid, std::string_view body,
                      std::string_view idempotency_key);

 private:
  struct Context;

  v1::EventOutcome OnInvite(Context& ctx);
  v1::EventOutcome OnCommandText(Context& ctx, std::string_view body);
  v1::EventOutcome ReplaceEncryptedRoom(Context& ctx);
  v1::EventOutcome Reply(Context& ctx, std::string_view text);
  v1::EventOutcome OnLoginCommand(Context& ctx, const bridge::AdminCommand& cmd);

  BridgedRooms& rooms_;
  MatrixRooms& matrix_;
  PuppetControl& puppets_;
  PortalCreator& portals_;
  std::map<std::string, AdminNetwork, std::less<>> networks_;
  UserCredentials* credentials_;
};

}  // namespace mxedge::irc_worker
