#pragma once
// PmFromIrc: private messages from IRC users to a puppet become messages in a private Matrix room
// between the IRC user's ghost and the puppet's Matrix user, one room per (network, Matrix user,
// folded nick) (PmRooms):
// - the room is created on first use by the ghost (direct chat, private_chat preset, the Matrix
//   user invited), after the ghost's display name is set to the nick;
// - PRIVMSG → m.text, NOTICE → m.notice, CTCP ACTION → m.emote, rendered as channel lines are
//   (fallback charset, mIRC formatting, pills for our puppets' nicks); other CTCPs are not
//   messages;
// - each line goes the channel lines' way: pending (`irc:line`, payload in the worker's pending
//   index, so IrcToMatrix::ResendPending re-sends it after a MatrixOut error or a takeover) →
//   MatrixSender with an idempotency key from the line key → done. The puppet's own connection is
//   the only receiver of its private lines, so no receiver lease is needed;
// - PMs from our own puppets (one Matrix user to another) are not bridged;
// - a nick change of the IRC user, as the puppet's connection sees it, moves the room to the new
//   nick: the new ghost is invited and joins, the old one leaves.
// Calls block on Redis and MatrixOut: the App calls them from its ordered IRC → Matrix thread.
// Thread-safe.
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ghost_profiles.hpp"
#include "irc_to_matrix.hpp"
#include "line_occurrences.hpp"
#include "line_records.hpp"
#include "matrix_rooms.hpp"
#include "mxedge/bridge/charset.hpp"
#include "mxedge/bridge/ghost_namer.hpp"
#include "pm_rooms.hpp"
#include "puppet_nicks.hpp"

namespace mxedge::irc_worker {

// A PRIVMSG or NOTICE to a puppet's nick, as its connection received it.
struct PrivateLine {
  std::string network;
  std::string receiver_mxid;  // the puppet's Matrix user
  std::string source;         // nick!user@host
  std::string target;         // the puppet's nick
  std::string text;
  std::string command = "PRIVMSG";  // or NOTICE
  std::string msgid;                // tag value, empty when absent
  std::string server_time;          // tag value, empty when absent
};

enum class PmFate {
  kBridged,         // sent to the private room now
  kOwnPuppet,       // one of our puppets sent it
  kNotMessage,      // a CTCP other than ACTION, or nothing to show
  kAlreadyHandled,  // pending or done already
};

struct PmFromIrcOptions {
  std::string worker_id;
  // network → how lines that are not UTF-8 are decoded; absent: Latin-1.
  std::map<std::string, bridge::FallbackCharset, std::less<>> charsets;
  // How long identical untagged lines are counted apart (see line_key.hpp).
  std::chrono::milliseconds occurrence_window{90'000};
  // network → the folding of irc:nick keys (the network's `casemapping`); absent: rfc1459.
  std::map<std::string, irc::CaseMapping, std::less<>> key_mappings;
};

class PmFromIrc {
 public:
  // Everything passed by reference must outlive this; `namers` maps network id → its ghost ids.
  PmFromIrc(PmRooms& pms, MatrixRooms& matrix, GhostProfiles& profiles, LineRecords& records,
            PuppetNicks& nicks, MatrixSender& sender,
            std::map<std::string, bridge::GhostNamer, std::less<>> namers,
            PmFromIrcOptions options);

  // Handles one private line at steady time `now`. InvalidArgumentError for a line without a
  // source nick or on a network without a ghost namer; other errors (Redis, MatrixOut) leave the
  // line unsent or pending for a re-send.
  absl::StatusOr<PmFate> OnPrivateLine(const PrivateLine& line,
                                       std::chrono::steady_clock::time_point now);

  // The IRC user `old_nick` is `new_nick` now, as `mxid`'s connection saw it: the private room
  // moves to the new nick. OK without effect when there is none or only the case changed;
  // AlreadyExistsError when the user already has a private room with `new_nick`.
  absl::Status OnNickChange(std::string_view network, std::string_view mxid,
                            std::string_view old_nick, std::string_view new_nick);

  // The private room of (network, mxid, nick), created as described above when there is none.
  absl::StatusOr<std::string> EnsureRoom(std::string_view network, std::string_view mxid,
                                         std::string_view nick);

 private:
  absl::StatusOr<std::string> GhostOf(std::string_view network, std::string_view nick) const;
  absl::StatusOr<GhostMessage> Render(const PrivateLine& line);

  PmRooms& pms_;
  MatrixRooms& matrix_;
  GhostProfiles& profiles_;
  LineRecords& records_;
  PuppetNicks& nicks_;
  MatrixSender& sender_;
  std::map<std::string, bridge::GhostNamer, std::less<>> namers_;
  PmFromIrcOptions options_;

  std::mutex mu_;
  // Per "<network>\n<mxid>\n<folded nick>": occurrence counts of untagged lines.
  std::map<std::string, LineOccurrences, std::less<>> occurrences_;
};

}  // namespace mxedge::irc_worker
