#include "mxedge/bridge/quit_debouncer.hpp"

#include <algorithm>

namespace mxedge::bridge {

QuitDebouncer::QuitDebouncer(std::size_t burst, std::chrono::milliseconds hold,
                             irc::CaseMapping case_mapping)
    : burst_(burst), hold_(hold), case_mapping_(case_mapping) {}

std::vector<HeldQuit> QuitDebouncer::OnQuit(std::string_view nick, std::string_view reason,
                                            TimePoint now) {
  HeldQuit quit{.nick = std::string(nick), .reason = std::string(reason)};
  if (burst_ == 0) {
    return {std::move(quit)};
  }
  while (!recent_.empty() && now - recent_.front() >= std::chrono::seconds(1)) {
    recent_.pop_front();
  }
  recent_.push_back(now);
  if (recent_.size() <= burst_) {
    return {std::move(quit)};
  }
  held_[case_mapping_.Fold(nick)] = Held{std::move(quit), now + hold_, next_order_++};
  return {};
}

bool QuitDebouncer::OnJoin(std::string_view nick) {
  return held_.erase(case_mapping_.Fold(nick)) > 0;
}

std::vector<HeldQuit> QuitDebouncer::Flush(TimePoint now) {
  std::vector<Held> due;
  for (auto it = held_.begin(); it != held_.end();) {
    if (it->second.due <= now) {
      due.push_back(std::move(it->second));
      it = held_.erase(it);
    } else {
      ++it;
    }
  }
  std::sort(due.begin(), due.end(), [](const Held& a, const Held& b) { return a.order < b.order; });
  std::vector<HeldQuit> out;
  for (Held& held : due) {
    out.push_back(std::move(held.quit));
  }
  return out;
}

}  // namespace mxedge::bridge
