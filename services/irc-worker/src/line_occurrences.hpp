#pragma once
// LineOccurrences: how many times a receiver has seen the same untagged line (same source, command
// and params) within the de-dup window, so identical lines get distinct keys (see line_key.hpp).
// Times are the receiver's steady clock; memory is bounded by the lines seen within the window.
// Not thread-safe: one per receiving connection's thread.
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace mxedge::irc_worker {

class LineOccurrences {
 public:
  explicit LineOccurrences(std::chrono::milliseconds window = std::chrono::minutes(10));

  // Counts one more sighting of `content_key` (LineKey(line, 0)) at `now`; returns its 1-based
  // occurrence among the sightings within the window. `now` must not go backwards.
  int64_t Next(std::string_view content_key, std::chrono::steady_clock::time_point now);

  size_t tracked() const { return counts_.size(); }

 private:
  void Expire(std::chrono::steady_clock::time_point now);

  std::chrono::milliseconds window_;
  std::deque<std::pair<std::chrono::steady_clock::time_point, std::string>> seen_;
  std::map<std::string, int64_t, std::less<>> counts_;
};

}  // namespace mxedge::irc_worker
