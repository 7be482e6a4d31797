#include "traffic_run.hpp"

#include "absl/strings/str_cat.h"

namespace mxedge::irc_e2e {
namespace {

constexpr int kSayBatch = 25;
constexpr std::chrono::milliseconds kPump{50};
constexpr std::chrono::milliseconds kTallyEvery{200};

std::string DescribeProgress(const TrafficProgress& p) {
  return absl::StrCat("irc_sent=", p.irc_sent, " i2m_at_matrix=", p.i2m_at_matrix,
                      " m2i_on_irc=", p.m2i_on_irc, " t=", p.elapsed.count(), "ms");
}

}  // namespace

absl::StatusOr<TrafficResult> RunTraffic(IrcStack& stack, IrcObserver& observer,
                                         const TrafficOptions& options) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  stack.SendMatrix(options.matrix_user, kMatrixToIrc, 0, options.messages);
  TrafficResult result;
  TrafficProgress progress;
  Clock::time_point next_tally = start;
  MatrixTally tally;
  while (true) {
    const Clock::time_point now = Clock::now();
    progress.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now - start);
    if (now >= next_tally) {
      tally = stack.TallyMatrix();
      progress.i2m_at_matrix = tally.DistinctWithPrefix(kIrcToMatrix);
      next_tally = now + kTallyEvery;
    }
    progress.m2i_on_irc = observer.DistinctWithPrefix(kMatrixToIrc);
    if (progress.irc_sent == options.messages && progress.i2m_at_matrix == options.messages &&
        progress.m2i_on_irc == options.messages) {
      result.completed = true;
      break;
    }
    if (now - start >= options.deadline) {
      break;
    }
    if (!result.disrupted && options.disrupt_when && options.disrupt_when(progress)) {
      result.disrupted = true;
      result.at_disruption = progress;
      options.disrupt();
    }
    for (int i = 0; i < kSayBatch && progress.irc_sent < options.messages &&
                    progress.irc_sent - progress.i2m_at_matrix < options.irc_window;
         ++i) {
      if (absl::Status s = observer.Say(absl::StrCat(kIrcToMatrix, progress.irc_sent)); !s.ok()) {
        return s;
      }
      ++progress.irc_sent;
    }
    if (absl::Status s = observer.Pump(kPump); !s.ok()) {
      return s;
    }
  }
  // Late repeats would arrive right after the last original: one more read of both sides.
  if (absl::Status s = observer.Pump(kPump); !s.ok()) {
    return s;
  }
  tally = stack.TallyMatrix();
  progress.i2m_at_matrix = tally.DistinctWithPrefix(kIrcToMatrix);
  progress.m2i_on_irc = observer.DistinctWithPrefix(kMatrixToIrc);
  result.at_end = progress;
  result.m2i_total = observer.TotalWithPrefix(kMatrixToIrc);
  result.i2m_events = tally.EventsWithPrefix(kIrcToMatrix);
  result.i2m_requests = tally.RequestsWithPrefix(kIrcToMatrix);
  result.other_requests = tally.requests - result.i2m_requests;
  result.repeated_sends = tally.repeated_sends;
  return result;
}

std::string Describe(const TrafficResult& result) {
  std::string out = absl::StrCat(
      "completed=", result.completed, " disrupted=", result.disrupted, " at_disruption{",
      DescribeProgress(result.at_disruption), "} at_end{", DescribeProgress(result.at_end),
      "} m2i_total=", result.m2i_total, " i2m_events=", result.i2m_events,
      " i2m_send_requests=", result.i2m_requests, " other_send_requests=", result.other_requests);
  for (const auto& [send, count] : result.repeated_sends) {
    absl::StrAppend(&out, "\n  re-sent x", count, ": ", send);
  }
  return out;
}

}  // namespace mxedge::irc_e2e
