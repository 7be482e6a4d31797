#pragma once
// Netsplit QUIT debounce: when many users quit at once, their QUITs are held for a while and
// dropped for those who come back, so a split and rejoin do not make Matrix rooms churn.
// A pure state machine fed with explicit times.
#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "mxedge/irc/case_mapping.hpp"

namespace mxedge::bridge {

struct HeldQuit {
  std::string nick;
  std::string reason;
  friend bool operator==(const HeldQuit&, const HeldQuit&) = default;
};

class QuitDebouncer {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  // More than `burst` QUITs within one second start holding; a held QUIT is emitted after
  // `hold` unless the nick joins again first. A burst of 0 turns debouncing off.
  QuitDebouncer(std::size_t burst, std::chrono::milliseconds hold,
                irc::CaseMapping case_mapping = {});

  // Returns the QUITs to apply now: this one, unless a burst is under way (then it is held).
  std::vector<HeldQuit> OnQuit(std::string_view nick, std::string_view reason, TimePoint now);

  // Whether `nick` was held: then its QUIT is dropped and this JOIN is not news either.
  bool OnJoin(std::string_view nick);

  // Held QUITs whose hold has ended at `now`, in the order they came.
  std::vector<HeldQuit> Flush(TimePoint now);

  std::size_t held() const { return held_.size(); }

 private:
  struct Held {
    HeldQuit quit;
    TimePoint due;
    std::uint64_t order;
  };

  std::size_t burst_;
  std::chrono::milliseconds hold_;
  irc::CaseMapping case_mapping_;
  std::deque<TimePoint> recent_;
  std::map<std::string, Held> held_;  // by folded nick
  std::uint64_t next_order_ = 0;
};

}  // namespace mxedge::bridge
