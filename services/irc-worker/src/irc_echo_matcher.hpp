#pragma once
// IrcEchoMatcher: with echo-message, a PRIVMSG or NOTICE counts as delivered only when the server
// echoes it back. Written lines wait here keyed by (folded target, text); an echo completes the
// oldest waiting line with the same key, so identical lines to one target complete in order.
#include <cstddef>
#include <list>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "flood_queue.hpp"

namespace mxedge::irc_worker {

class IrcEchoMatcher {
 public:
  // `folded_target`: the target under the server's case mapping.
  void Expect(std::string folded_target, std::string text, LineDone done);
  // Completes the oldest line waiting for this echo with OK; false when none waits.
  bool Match(std::string_view folded_target, std::string_view text);
  // Completes every waiting line with `status` (the connection closed before their echo).
  void FailAll(const absl::Status& status);

  std::size_t outstanding() const { return waiting_.size(); }

 private:
  struct Waiting {
    std::string target;
    std::string text;
    LineDone done;
  };
  std::list<Waiting> waiting_;
};

}  // namespace mxedge::irc_worker
