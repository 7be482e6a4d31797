#pragma once
// TimerWheel: many coarse timers (pings, timeouts, backoff of thousands of connections) driven by
// one periodic tick instead of one OS timer each. A hashed wheel: a timer lands in the slot of its
// deadline's tick; Advance(now) visits the slots of the ticks that passed and fires what is due.
// Schedule and Cancel are O(1). Not thread-safe: one wheel per io_context thread.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <unordered_map>
#include <vector>

namespace mxedge::irc_worker {

class TimerWheel {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  using Duration = std::chrono::steady_clock::duration;
  using TimerId = std::uint64_t;  // 0 is never a valid id
  static constexpr TimerId kNoTimer = 0;

  // `tick`: the resolution (timers fire up to one tick late); `slots`: the wheel's size.
  TimerWheel(TimePoint start, Duration tick, std::size_t slots = 1024);

  // Calls `fire` at the first Advance at or after `deadline` (at once on the next Advance when
  // the deadline has passed).
  TimerId Schedule(TimePoint deadline, std::function<void()> fire);
  // Whether the timer was pending (false once it fired or was cancelled).
  bool Cancel(TimerId id);

  // Fires every timer due at `now`, in deadline order. Callbacks may schedule and cancel.
  // Returns how many fired.
  std::size_t Advance(TimePoint now);

  std::size_t pending() const { return index_.size(); }
  Duration tick() const { return tick_; }

 private:
  struct Entry {
    TimerId id;
    TimePoint deadline;
    std::function<void()> fire;
  };
  using Slot = std::list<Entry>;

  std::int64_t TickOf(TimePoint t) const;

  TimePoint start_;
  Duration tick_;
  std::vector<Slot> slots_;
  std::int64_t current_tick_;  // the slots of ticks up to this one hold nothing due
  std::unordered_map<TimerId, std::pair<std::size_t, Slot::iterator>> index_;
  TimerId next_id_ = 1;
};

}  // namespace mxedge::irc_worker
