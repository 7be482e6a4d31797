#include "line_occurrences.hpp"

namespace mxedge::irc_worker {

LineOccurrences::LineOccurrences(std::chrono::milliseconds window) : window_(window) {}

void LineOccurrences::Expire(std::chrono::steady_clock::time_point now) {
  while (!seen_.empty() && now - seen_.front().first >= window_) {
    auto it = counts_.find(seen_.front().second);
    if (it != counts_.end() && --it->second == 0) {
      counts_.erase(it);
    }
    seen_.pop_front();
  }
}

int64_t LineOccurrences::Next(std::string_view content_key,
                              std::chrono::steady_clock::time_point now) {
  Expire(now);
  seen_.emplace_back(now, std::string(content_key));
  auto [it, inserted] = counts_.try_emplace(std::string(content_key), 0);
  return ++it->second;
}

}  // namespace mxedge::irc_worker
