#pragma once
// RunTraffic: `messages` lines each way through the stack at once, with one disruption (a kill, a
// SIGTERM...) when a condition on the progress holds, until everything arrived or the deadline.
// Matrix → IRC: m.text events "m2i-<n>" from one Matrix user, counted at the IRC observer.
// IRC → Matrix: PRIVMSGs "i2m-<n>" from the observer, at most `irc_window` ahead of what reached
// the homeserver (flow control, so a stalled path stalls the sender instead of racing past the
// replay window), counted at the FakeHomeserver.
#include <chrono>
#include <functional>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "irc_observer.hpp"
#include "irc_stack.hpp"

namespace mxedge::irc_e2e {

inline constexpr char kMatrixToIrc[] = "m2i-";
inline constexpr char kIrcToMatrix[] = "i2m-";

struct TrafficProgress {
  int64_t irc_sent = 0;       // i2m lines the observer said
  int64_t i2m_at_matrix = 0;  // distinct i2m bodies the homeserver has
  int64_t m2i_on_irc = 0;     // distinct m2i bodies the observer saw
  std::chrono::milliseconds elapsed{0};
};

struct TrafficOptions {
  std::string matrix_user;
  int messages = 1000;
  int irc_window = 200;
  std::chrono::milliseconds deadline{90'000};
  std::function<bool(const TrafficProgress&)> disrupt_when;
  std::function<void()> disrupt;
};

struct TrafficResult {
  bool completed = false;  // every message arrived both ways before the deadline
  bool disrupted = false;
  TrafficProgress at_disruption;
  TrafficProgress at_end;
  int64_t m2i_total = 0;       // m2i PRIVMSGs seen, repeats included
  int64_t i2m_events = 0;      // i2m events at the homeserver, repeats (other keys) included
  int64_t i2m_requests = 0;    // /send calls of i2m lines (same-key re-sends included)
  int64_t other_requests = 0;  // /send calls of anything else (e.g. the warm-up lines)
  // The same-key re-sends: "<txn id> <body>" → /send calls (see MatrixTally).
  std::map<std::string, int, std::less<>> repeated_sends;
};

absl::StatusOr<TrafficResult> RunTraffic(IrcStack& stack, IrcObserver& observer,
                                         const TrafficOptions& options);

std::string Describe(const TrafficResult& result);

}  // namespace mxedge::irc_e2e
