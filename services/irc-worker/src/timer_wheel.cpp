#include "timer_wheel.hpp"

#include <algorithm>
#include <utility>

#include "mxedge/common/check.hpp"

namespace mxedge::irc_worker {

TimerWheel::TimerWheel(TimePoint start, Duration tick, std::size_t slots)
    : start_(start), tick_(tick), slots_(slots), current_tick_(-1) {
  MXEDGE_CHECK(tick_.count() > 0);
  MXEDGE_CHECK(slots >= 1);
}

std::int64_t TimerWheel::TickOf(TimePoint t) const {
  if (t <= start_) return 0;
  return (t - start_) / tick_;
}

TimerWheel::TimerId TimerWheel::Schedule(TimePoint deadline, std::function<void()> fire) {
  const TimerId id = next_id_++;
  // A deadline in a tick already visited goes to the next tick's slot, so it fires next Advance.
  const std::int64_t tick = std::max(TickOf(deadline), current_tick_ + 1);
  const std::size_t slot = static_cast<std::size_t>(tick % static_cast<int64_t>(slots_.size()));
  slots_[slot].push_back(Entry{id, deadline, std::move(fire)});
  index_.emplace(id, std::make_pair(slot, std::prev(slots_[slot].end())));
  return id;
}

bool TimerWheel::Cancel(TimerId id) {
  auto it = index_.find(id);
  if (it == index_.end()) return false;
  slots_[it->second.first].erase(it->second.second);
  index_.erase(it);
  return true;
}

std::size_t TimerWheel::Advance(TimePoint now) {
  const std::int64_t now_tick = TickOf(now);
  if (index_.empty()) {
    current_tick_ = std::max(current_tick_, now_tick - 1);
    return 0;
  }
  std::vector<Entry> due;
  const std::int64_t first = current_tick_ + 1;
  // Past one full turn every slot is visited once.
  const std::int64_t last = std::min(now_tick, first + static_cast<int64_t>(slots_.size()) - 1);
  for (std::int64_t tick = first; tick <= last; ++tick) {
    Slot& slot = slots_[static_cast<std::size_t>(tick % static_cast<int64_t>(slots_.size()))];
    for (auto it = slot.begin(); it != slot.end();) {
      if (it->deadline <= now) {
        index_.erase(it->id);
        due.push_back(std::move(*it));
        it = slot.erase(it);
      } else {
        ++it;
      }
    }
  }
  // The slot of the current tick is visited again next time: it may hold timers due later in it.
  current_tick_ = std::max(current_tick_, now_tick - 1);
  std::stable_sort(due.begin(), due.end(), [](const Entry& a, const Entry& b) {
    return a.deadline < b.deadline || (a.deadline == b.deadline && a.id < b.id);
  });
  for (Entry& entry : due) entry.fire();
  return due.size();
}

}  // namespace mxedge::irc_worker
