#pragma once
// IrcToMatrix: channel PRIVMSGs and NOTICEs seen by our connections become `m.text`, `m.notice`
// or `m.emote` (CTCP ACTION) from the speaker's ghost in the mapped room (libs/bridge rendering:
// lines that are not UTF-8 decoded with the network's fallback charset, mIRC formatting as
// `formatted_body`, nicks of our puppets as pills listed in `m.mentions`), exactly once per line
// as far as Redis can tell:
// - only the channel's receiver bridges (`irc:recv` lease, taken or renewed on each line); other
//   connections in the channel only keep the line in their replay buffer;
// - lines from our own puppets (`irc:nick`) are never bridged back;
// - each line goes pending (`irc:line`, payload in the worker's pending index) → MatrixSender with
//   an idempotency key from the line key → done; a line already pending or done elsewhere is
//   skipped;
// - ResendPending: a worker taking over a dead one's connections re-sends the lines it left
//   pending, with the same idempotency key (the homeserver turns a repeat into the same event);
// - ReplayBuffered: a connection that became the receiver replays the lines it buffered within
//   `replay_window` through the same de-dup, before the line that made it the receiver, so the
//   room keeps IRC's order. On servers without msgid and server-time the key
//   counts occurrences as this connection saw them, so a replay may repeat a line (see
//   line_key.hpp).
// - Coalescing (a network's `coalesce_window` above zero): a line begun in `irc:line` waits in a
//   GhostMessageCoalescer while the same ghost keeps talking in the room; the merged message is
//   sent with its first line's idempotency key and every line of it is then marked done, so a
//   replay or a takeover finds them done and sends nothing twice. Lines waiting stay pending, so
//   when the worker dies the new owner sends them (each alone) and ResendPending of our own id
//   skips them while they wait. The App calls FlushCoalesced when NextCoalesceDeadline is due.
// - ClaimVacantReceivers: a channel that falls silent after its receiver died gets no new line to
//   trigger the takeover; a periodic sweep takes the expired lease for one of our connections that
//   buffered lines and replays them.
// Calls block on Redis and MatrixOut: the App calls them from one ordered worker per network, never
// from an IRC event loop, which keeps each room's lines in order. Thread-safe.
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "channel_mapping.hpp"
#include "channel_receivers.hpp"
#include "ghost_message.hpp"
#include "ghost_message_coalescer.hpp"
#include "line_occurrences.hpp"
#include "line_records.hpp"
#include "mxedge/bridge/charset.hpp"
#include "puppet_nicks.hpp"

namespace mxedge::irc_worker {

// What bridging needs from the router's MatrixOut: send as the ghost (registering it if needed).
class MatrixSender {
 public:
  virtual ~MatrixSender() = default;
  virtual absl::Status Send(const GhostMessage& message) = 0;
};

// A channel PRIVMSG or NOTICE as one of our connections received it.
struct ChannelLine {
  std::string network;
  std::string receiver_mxid;  // whose connection saw it
  std::string source;         // nick!user@host
  std::string channel;
  std::string text;                 // as received: any bytes, IRC formatting, CTCP wrapper
  std::string command = "PRIVMSG";  // or NOTICE
  std::string msgid;                // tag value, empty when absent
  std::string server_time;          // tag value, empty when absent
};

enum class LineFate {
  kBridged,         // sent to Matrix now, or waiting to be coalesced with the next lines
  kNotMapped,       // no room for the channel
  kNotReceiver,     // another connection receives the channel; buffered for a takeover
  kOwnPuppet,       // one of our puppets said it
  kAlreadyHandled,  // pending or done by someone else
};

struct IrcToMatrixOptions {
  std::string worker_id;
  std::string server_name;                                          // of ghost user ids
  std::map<std::string, std::string, std::less<>> ghost_templates;  // network → template
  std::chrono::milliseconds receiver_lease{30'000};
  std::chrono::milliseconds replay_window{45'000};
  // network → how lines that are not UTF-8 are decoded; absent: Latin-1.
  std::map<std::string, bridge::FallbackCharset, std::less<>> charsets;
  // network → window within which one nick's consecutive lines become one message; absent or 0s:
  // every line is its own message.
  std::map<std::string, std::chrono::milliseconds, std::less<>> coalesce_windows;
  // Bytes of body a coalesced message grows to at most.
  std::size_t coalesce_max_bytes = 4096;
  // network → the folding of the keys shared with the other workers (irc:nick, irc:recv), the
  // network's `casemapping`; absent: rfc1459.
  std::map<std::string, irc::CaseMapping, std::less<>> key_mappings;
};

// The payload kept with a pending line: what a new owner needs to send it again. JSON object
// {"room","ghost","msgtype","body"} with "formatted_body" and "mentions" when there are any.
std::string EncodePendingPayload(const GhostMessage& message);
// DataLossError when `payload` is not such an object.
absl::StatusOr<GhostMessage> DecodePendingPayload(std::string_view payload);

// The ghost user id of `nick`, as bridge::GhostNamer makes it: the network's template with
// $NETWORK and $NICK (folded by rfc1459, bytes outside [a-z0-9._/+-] written =xx), then
// ":<server_name>". The same IRC user is one ghost in channels, private chats and lookups.
std::string GhostUserId(std::string_view ghost_template, std::string_view network,
                        std::string_view nick, std::string_view server_name);

class IrcToMatrix {
 public:
  // Everything passed by reference must outlive this object.
  IrcToMatrix(LineRecords& records, PuppetNicks& nicks, ChannelReceivers& receivers,
              MatrixSender& sender, std::map<std::string, ChannelMapping, std::less<>> channels,
              IrcToMatrixOptions options);

  // Handles one channel line at steady time `now`. Errors (Redis, MatrixOut) leave the line
  // pending for a retry by ResendPending.
  absl::StatusOr<LineFate> OnChannelLine(const ChannelLine& line,
                                         std::chrono::steady_clock::time_point now);

  // Re-sends what `dead_worker` left pending on `network` (or, with our own id, what we left
  // pending after a MatrixOut error). Returns how many were sent.
  absl::StatusOr<int64_t> ResendPending(std::string_view network, std::string_view dead_worker);

  // Records that `mxid`'s puppet on `network` uses `nick` now (releasing `old_nick` when not
  // empty), so its lines are not bridged back and IRC users naming it make a pill.
  absl::Status OnPuppetNick(std::string_view network, std::string_view mxid,
                            std::string_view old_nick, std::string_view nick);
  // Forgets `nick` for `mxid`'s puppet (its connection closed), unless it names someone else now;
  // an IRC user who takes the nick next is bridged again.
  absl::Status OnPuppetGone(std::string_view network, std::string_view mxid, std::string_view nick);

  // Bridges the buffered lines of the last replay_window of `receiver_mxid`'s connection in
  // `channel` that nobody bridged. OnChannelLine does this itself when a connection becomes the
  // receiver; the App also calls it when a lease is taken without a new line. Returns how many
  // were sent.
  absl::StatusOr<int64_t> ReplayBuffered(std::string_view network, std::string_view receiver_mxid,
                                         std::string_view channel,
                                         std::chrono::steady_clock::time_point now);

  // Whether the connection of (network, mxid) is open now.
  using ConnectedFn = std::function<bool(std::string_view network, std::string_view mxid)>;

  // For each channel where one of our connections that is not the receiver buffered lines within
  // replay_window: when nobody holds the receiver lease, takes it for the first such connection
  // that is still `connected` and replays its buffer (ReplayBuffered). One lease lookup per such
  // channel; channels without buffered lines cost nothing. Returns how many lines were sent.
  absl::StatusOr<int64_t> ClaimVacantReceivers(std::chrono::steady_clock::time_point now,
                                               const ConnectedFn& connected);

  // Sends the coalesced messages whose window passed at `now` (all of them with `all`, at
  // shutdown). Returns how many messages were sent; a failed send leaves its lines pending for
  // ResendPending and the others are still sent (the first error is returned).
  absl::StatusOr<int64_t> FlushCoalesced(std::chrono::steady_clock::time_point now,
                                         bool all = false);
  // When FlushCoalesced has something to send; nullopt when no line waits.
  std::optional<std::chrono::steady_clock::time_point> NextCoalesceDeadline();

 private:
  irc::CaseMapping KeyMapping(std::string_view network) const;

  struct Buffered {
    std::chrono::steady_clock::time_point at;
    std::string key;
    GhostMessage message;
  };
  struct Prepared {
    std::string key;
    GhostMessage message;
  };

  absl::StatusOr<std::optional<Prepared>> Prepare(const ChannelLine& line,
                                                  std::chrono::steady_clock::time_point now);
  // The Matrix message of a line (room, ghost and key left empty). NotFoundError for CTCPs that
  // are not ACTION; errors of the puppet nick store as they are.
  absl::StatusOr<GhostMessage> RenderLine(const ChannelLine& line);
  // Begins the line in `irc:line` and sends it, or hands it to the coalescer. False when it was
  // pending or done already.
  absl::StatusOr<bool> Bridge(std::string_view network, const std::string& key,
                              const GhostMessage& message,
                              std::chrono::steady_clock::time_point now);
  // Sends each merged message and marks its lines done.
  absl::Status SendCoalesced(std::vector<CoalescedMessage> messages, int64_t* sent);
  // Bridges the buffered lines under `buffer_key` within replay_window, all but the newest when
  // `skip_newest`.
  absl::StatusOr<int64_t> Replay(std::string_view network, const std::string& buffer_key,
                                 std::chrono::steady_clock::time_point now, bool skip_newest);
  void Buffer(std::string buffer_key, std::chrono::steady_clock::time_point now, Prepared prepared);

  LineRecords& records_;
  PuppetNicks& nicks_;
  ChannelReceivers& receivers_;
  MatrixSender& sender_;
  std::map<std::string, ChannelMapping, std::less<>> channels_;
  IrcToMatrixOptions options_;

  std::mutex mu_;
  // Per "<network>\n<receiver mxid>\n<folded channel>": occurrence counts and the replay buffer.
  std::map<std::string, LineOccurrences, std::less<>> occurrences_;
  std::map<std::string, std::deque<Buffered>, std::less<>> buffers_;
  // Buffer keys whose connection held the receiver lease at its last line.
  std::set<std::string, std::less<>> receiving_;
  GhostMessageCoalescer coalescer_;  // under mu_
  // Buffer keys whose connection was refused the lease, until when it does not ask again: every
  // puppet in a channel sees each line, and without this each copy costs a Redis round trip
  // before all but one are dropped. Lines in that time are still buffered, so a takeover (at
  // the next line after the entry lapses, or by ClaimVacantReceivers) replays them.
  std::map<std::string, std::chrono::steady_clock::time_point, std::less<>> not_receiver_until_;
};

}  // namespace mxedge::irc_worker
