#pragma once
// Commands in the admin room (a DM with the bridge bot) and `!plumb`/`!unlink` in rooms: the
// parser, with errors precise enough to show the user as they are, and the help text.
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "mxedge/irc/isupport.hpp"

namespace mxedge::bridge {

enum class AdminCommandKind {
  kJoin,        // !join #chan [key]
  kPart,        // !part [#chan]
  kNick,        // !nick Nick
  kWhois,       // !whois nick|@mxid
  kUsername,    // !username name
  kStorePass,   // !storepass [user:]pass
  kRemovePass,  // !removepass
  kReconnect,   // !reconnect
  kQuit,        // !quit
  kListRooms,   // !listrooms
  kCmd,         // !cmd RAW (bridge admins only)
  kHelp,        // !help [command]
  kPlumb,       // !plumb #chan (room moderators)
  kUnlink,      // !unlink (room moderators)
};

struct AdminCommand {
  AdminCommandKind kind;
  std::string channel;                    // join, part (empty: the room's channel), plumb
  std::string key;                        // join
  std::string nick;                       // nick, whois (a nick)
  std::string user_id;                    // whois (an @mxid)
  std::string username;                   // username; storepass when "user:pass" was given
  std::string password;                   // storepass
  std::string raw;                        // cmd: the IRC line as typed
  std::optional<std::string> help_topic;  // help: the command asked about, without '!'
  friend bool operator==(const AdminCommand&, const AdminCommand&) = default;
};

// Parses the first line of a message `body`. Command names ignore case; arguments are separated
// by spaces, except for !storepass and !cmd, which take the rest of the line. Errors:
// - NotFoundError: the body does not start with '!' (ordinary chat, not a command);
// - InvalidArgumentError: an unknown command (with "did you mean !x?" when one is close), a
//   missing or extra argument (with the usage), a channel name or nick the server would refuse
//   (naming CHANTYPES/CHANNELLEN/NICKLEN), a bad username, an empty password, a raw command that
//   is not upper-case or is reserved for the connection (PASS, USER, CAP, AUTHENTICATE,
//   PROTOCTL, QUIT);
// - PermissionDeniedError: !cmd from a user who is not a bridge admin.
absl::StatusOr<AdminCommand> ParseAdminCommand(std::string_view body, const irc::ISupport& isupport,
                                               bool sender_is_admin);

// The command list, one "!usage — what it does" line each; !cmd only for bridge admins.
std::string AdminHelpText(bool sender_is_admin);

// The usage and description of one command ("join", without '!'); NotFoundError when there is
// no such command (or it is admin-only and the sender is not an admin).
absl::StatusOr<std::string> AdminCommandHelp(std::string_view name, bool sender_is_admin);

}  // namespace mxedge::bridge
