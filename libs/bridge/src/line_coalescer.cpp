#include "mxedge/bridge/line_coalescer.hpp"

namespace mxedge::bridge {

LineCoalescer::LineCoalescer(std::chrono::milliseconds window, std::size_t max_bytes)
    : window_(window), max_bytes_(max_bytes) {}

std::vector<CoalescedLines> LineCoalescer::Add(std::string_view room_key, const IrcChatLine& line,
                                               TimePoint now) {
  std::vector<CoalescedLines> done;
  CoalescedLines single{.room_key = std::string(room_key),
                        .sender = line.sender,
                        .msgtype = line.msgtype,
                        .text = line.text};
  auto it = pending_.find(room_key);
  if (it != pending_.end()) {
    Pending& pending = it->second;
    const bool continues = pending.lines.sender == line.sender &&
                           pending.lines.msgtype == line.msgtype &&
                           line.msgtype != MatrixMsgtype::kEmote && now - pending.last < window_ &&
                           pending.lines.text.size() + 1 + line.text.size() <= max_bytes_;
    if (continues) {
      pending.lines.text += '\n';
      pending.lines.text += line.text;
      pending.last = now;
      return done;
    }
    done.push_back(std::move(pending.lines));
    pending_.erase(it);
  }
  if (window_.count() <= 0 || line.msgtype == MatrixMsgtype::kEmote) {
    done.push_back(std::move(single));
    return done;
  }
  pending_.emplace(std::string(room_key), Pending{std::move(single), now});
  return done;
}

std::vector<CoalescedLines> LineCoalescer::Flush(TimePoint now) {
  std::vector<CoalescedLines> done;
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (now - it->second.last >= window_) {
      done.push_back(std::move(it->second.lines));
      it = pending_.erase(it);
    } else {
      ++it;
    }
  }
  return done;
}

std::vector<CoalescedLines> LineCoalescer::FlushAll() {
  std::vector<CoalescedLines> done;
  for (auto& [key, pending] : pending_) {
    done.push_back(std::move(pending.lines));
  }
  pending_.clear();
  return done;
}

std::optional<LineCoalescer::TimePoint> LineCoalescer::NextDeadline() const {
  std::optional<TimePoint> next;
  for (const auto& [key, pending] : pending_) {
    const TimePoint due = pending.last + window_;
    if (!next.has_value() || due < *next) {
      next = due;
    }
  }
  return next;
}

}  // namespace mxedge::bridge
