#include "irc_echo_matcher.hpp"

#include <utility>

namespace mxedge::irc_worker {

bool IsSendRefusal(int numeric) {
  switch (numeric) {
    case 401:
    case 403:
    case 404:
    case 477:
    case 489:
    case 531:
      return true;
    default:
      return false;
  }
}

void IrcEchoMatcher::Expect(std::string folded_target, std::string text, LineDone done) {
  waiting_.push_back(Waiting{std::move(folded_target), std::move(text), std::move(done)});
}

bool IrcEchoMatcher::Match(std::string_view folded_target, std::string_view text) {
  auto oldest_to_target = waiting_.end();
  auto matched = waiting_.end();
  for (auto it = waiting_.begin(); it != waiting_.end(); ++it) {
    if (it->target != folded_target) continue;
    if (oldest_to_target == waiting_.end()) oldest_to_target = it;
    if (it->text == text) {
      matched = it;
      break;
    }
  }
  if (matched == waiting_.end()) matched = oldest_to_target;
  if (matched == waiting_.end()) return false;
  LineDone done = std::move(matched->done);
  waiting_.erase(matched);
  if (done) done(absl::OkStatus());
  return true;
}

bool IrcEchoMatcher::Refuse(std::string_view folded_target, const absl::Status& status) {
  for (auto it = waiting_.begin(); it != waiting_.end(); ++it) {
    if (it->target == folded_target) {
      LineDone done = std::move(it->done);
      waiting_.erase(it);
      if (done) done(status);
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
