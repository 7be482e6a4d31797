#pragma once
// GhostMessageCoalescer: consecutive lines from one IRC nick in one room within the network's
// `coalesce_window` become one Matrix message (libs/bridge LineCoalescer decides the batches; this
// keeps the rendered messages and line keys beside them and merges them). A batch carries the keys
// of all its lines, so the caller marks every one of them done once the merged message is sent,
// and its idempotency key is its first line's. Networks without a window are not coalesced.
// Not thread-safe: the caller serialises.
#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ghost_message.hpp"
#include "mxedge/bridge/line_coalescer.hpp"

namespace mxedge::irc_worker {

// Lines merged into one message: `keys` in the order the lines came, `message` what to send.
struct CoalescedMessage {
  std::string network;
  std::vector<std::string> keys;
  GhostMessage message;

  friend bool operator==(const CoalescedMessage&, const CoalescedMessage&) = default;
};

// The messages of `lines` (one room, one ghost, one msgtype) as one: bodies joined with '\n';
// when any line has formatted_body, the HTML of each (its plain body escaped when it has none)
// joined with "<br>"; the mentions of all, each once; the first line's idempotency key.
GhostMessage MergeGhostMessages(const std::vector<GhostMessage>& lines);

class GhostMessageCoalescer {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  // `windows`: network → coalesce window; absent or zero: that network's lines pass alone.
  // A batch is closed before its text would exceed `max_bytes`.
  GhostMessageCoalescer(std::map<std::string, std::chrono::milliseconds, std::less<>> windows,
                        std::size_t max_bytes);

  bool Enabled(std::string_view network) const;

  // Adds the line under `key` (already begun in LineRecords). Returns the messages complete now:
  // the room's pending batch when this line does not continue it, and this line alone when it
  // cannot be coalesced (emote, or the network has no window).
  std::vector<CoalescedMessage> Add(std::string_view network, std::string key, GhostMessage message,
                                    TimePoint now);

  // Batches whose last line is at least the window old at `now`.
  std::vector<CoalescedMessage> Flush(TimePoint now);
  // Every pending batch (shutdown).
  std::vector<CoalescedMessage> FlushAll();
  // When the next batch is due; nullopt when nothing is pending.
  std::optional<TimePoint> NextDeadline() const;
  // Whether the line under `key` on `network` waits in a batch.
  bool Holds(std::string_view network, std::string_view key) const;

 private:
  struct Line {
    std::string key;
    GhostMessage message;
  };
  struct Network {
    bridge::LineCoalescer coalescer;
    // room id → the lines the coalescer holds or is handing back, oldest first.
    std::map<std::string, std::deque<Line>, std::less<>> lines;
  };

  std::vector<CoalescedMessage> Collect(std::string_view network, Network& state,
                                        std::vector<bridge::CoalescedLines> done);

  std::map<std::string, Network, std::less<>> networks_;
};

}  // namespace mxedge::irc_worker
