#pragma once
// Coalescing consecutive IRC lines from one nick into one Matrix event: a pure state machine fed
// with explicit times, so the caller owns the timer.
#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mxedge/bridge/irc_to_matrix.hpp"

namespace mxedge::bridge {

struct CoalescedLines {
  std::string room_key;  // the caller's key: a channel or PM room
  std::string sender;
  MatrixMsgtype msgtype = MatrixMsgtype::kText;
  std::string text;  // the lines joined with '\n'
  friend bool operator==(const CoalescedLines&, const CoalescedLines&) = default;
};

class LineCoalescer {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  // A window of zero turns coalescing off: every line comes out of Add() at once. A batch is
  // also closed when it would grow beyond `max_bytes` of text.
  LineCoalescer(std::chrono::milliseconds window, std::size_t max_bytes);

  // Adds a line. Returns what is complete now: the room's pending batch when this line does not
  // continue it (another sender or msgtype, the window since its last line passed, or too big),
  // and this line itself when coalescing is off. Emotes never coalesce.
  std::vector<CoalescedLines> Add(std::string_view room_key, const IrcChatLine& line,
                                  TimePoint now);

  // Batches whose last line is at least `window` old at `now`, oldest room key first.
  std::vector<CoalescedLines> Flush(TimePoint now);

  // Everything pending, whatever its age (for shutdown).
  std::vector<CoalescedLines> FlushAll();

  // When the next batch becomes due, for the caller's timer; nullopt when none is pending.
  std::optional<TimePoint> NextDeadline() const;

 private:
  struct Pending {
    CoalescedLines lines;
    TimePoint last;
  };

  std::chrono::milliseconds window_;
  std::size_t max_bytes_;
  std::map<std::string, Pending, std::less<>> pending_;
};

}  // namespace mxedge::bridge
