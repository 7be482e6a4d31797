#pragma once
// IrcEchoMatcher: with echo-message, a PRIVMSG or NOTICE counts as delivered only when the server
// echoes it back. Written lines wait here keyed by (folded target, text); an echo completes the
// oldest waiting line with the same key, so identical lines to one target complete in order. An
// echo whose text matches no waiting line completes the oldest line waiting for its target: the
// server changed the text on the way (a channel that strips colours, InspIRCd's +S or Solanum's
// +c, echoes "bold" for "\x02bold\x02"; a line cut to the server's length), and it echoes a
// target's lines in order. Without that the line waited until the sender gave up, and the retry
// wrote it to IRC again.
// A server that refuses a line (e.g. 404 in a +m channel) sends no echo but a numeric naming the
// target: Refuse fails the oldest line waiting for that target, since the server answers a
// target's lines in order. Without it the refused line would wait until the sender gave up, and
// the echo of a later identical line would complete it instead of the later one.
#include <cstddef>
#include <list>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "flood_queue.hpp"

namespace mxedge::irc_worker {

// Numerics a server sends instead of delivering a PRIVMSG or NOTICE, with the target as their
// second parameter: 401 no such nick, 403 no such channel, 404 cannot send to channel (+m, +n, a
// ban), 477 registered nick needed, 489 secure connection needed, 531 cannot send to user.
bool IsSendRefusal(int numeric);

class IrcEchoMatcher {
 public:
  // `folded_target`: the target under the server's case mapping.
  void Expect(std::string folded_target, std::string text, LineDone done);
  // Completes the oldest line waiting for this echo with OK, else the oldest line waiting for an
  // echo from `folded_target`; false when none waits for that target.
  bool Match(std::string_view folded_target, std::string_view text);
  // Completes the oldest line waiting for an echo from `folded_target` with `status` (the server
  // refused it); false when none waits.
  bool Refuse(std::string_view folded_target, const absl::Status& status);
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
