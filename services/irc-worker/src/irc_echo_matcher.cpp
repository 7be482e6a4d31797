#include "irc_echo_matcher.hpp"

#include <utility>

namespace mxedge::irc_worker {

void IrcEchoMatcher::Expect(std::string folded_target, std::string text, LineDone done) {
  waiting_.push_back(Waiting{std::move(folded_target), std::move(text), std::move(done)});
}

bool IrcEchoMatcher::Match(std::string_view folded_target, std::string_view text) {
  for (auto it = waiting_.begin(); it != waiting_.end(); ++it) {
    if (it->target == folded_target && it->text == text) {
      LineDone done = std::move(it->done);
      waiting_.erase(it);
      if (done) done(absl::OkStatus());
      return true;
    }
  }
  return false;
}

void IrcEchoMatcher::FailAll(const absl::Status& status) {
  std::list<Waiting> waiting = std::move(waiting_);
  waiting_.clear();
  for (Waiting& w : waiting) {
    if (w.done) w.done(status);
  }
}

}  // namespace mxedge::irc_worker
