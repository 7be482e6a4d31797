#pragma once
// The gtest fixture of the irc-worker failover tests: an IrcStack, an IrcObserver ("watcher") in
// the channel, and helpers that warm the path up and wait for conditions while pumping the
// observer.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "irc_observer.hpp"
#include "irc_stack.hpp"

namespace mxedge::irc_e2e {

inline constexpr char kWatcherNick[] = "watcher";

class FailoverTest : public ::testing::Test {
 protected:
  // Starts the stack and joins the watcher; ASSERTs inside (check HasFatalFailure()).
  void StartStack(StackOptions options);

  static std::string UserId(int i);  // "@u<i>:localhost"
  static std::string NickOf(int i);  // "u<i>[m]": the puppet nick of UserId(i)

  // Users [first, first + count) join the room and send one m.text each ("warm-<i>"); true once the
  // watcher saw every one (each puppet connected, joined and spoke).
  bool WarmUpUsers(int first, int count, std::chrono::milliseconds deadline);
  // The watcher says `text`; true once the homeserver has it (the channel has a receiver).
  bool IrcLineReachesMatrix(const std::string& text, std::chrono::milliseconds deadline);
  // `mxid` sends `text`; true once the watcher saw it.
  bool MatrixLineReachesIrc(const std::string& mxid, const std::string& text,
                            std::chrono::milliseconds deadline);
  // Polls `condition` while pumping the watcher.
  bool PumpUntil(std::chrono::milliseconds deadline, const std::function<bool()>& condition);
  // Index of the first JOIN / QUIT of `nick` in the watcher's membership list at or after `from`,
  // -1 when none.
  int64_t FindMembership(std::string_view command, std::string_view nick, size_t from) const;

  std::unique_ptr<IrcStack> stack_;
  std::unique_ptr<IrcObserver> watcher_;
};

}  // namespace mxedge::irc_e2e
