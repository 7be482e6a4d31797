#pragma once
// ScenarioTest: the base of the bridge's scenario tests. It starts a BridgeStack and one plain IRC
// client (the "watcher") in the bridged channel, and waits for what the IRC and Matrix sides
// show, reading the client's lines meanwhile so its PINGs are answered.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "bridge_stack.hpp"
#include "mxedge/testing/irc_test_client.hpp"

namespace mxedge::irc_bridge_e2e {

inline constexpr char kAlice[] = "@alice:localhost";
inline constexpr char kAliceNick[] = "alice[m]";
// The libera network's bridge bot.
inline constexpr char kBot[] = "@irc_libera:localhost";
inline constexpr std::chrono::seconds kDeadline{30};

// Whether `haystack` contains `needle` (absl::StrContains takes absl::string_view, which Debian's
// absl does not convert from std::string_view).
inline bool Has(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

class ScenarioTest : public ::testing::Test {
 protected:
  // Starts the stack with `options`, then the watcher as `nick` in kChannel. Check
  // HasFatalFailure() after it.
  void StartStack(BridgeStackOptions options = {}, std::string_view nick = "watcher");

  // Reads the watcher's lines until one satisfies `want`; that line, or "" at the deadline.
  // `poke` (e.g. a WHOIS) is sent every second meanwhile when not empty.
  std::string AwaitLine(const std::function<bool(std::string_view)>& want,
                        const std::string& poke = "");
  // The first line from alice's puppet that satisfies `want`, or "".
  std::string AwaitLineFromAlice(const std::function<bool(std::string_view)>& want);
  // Polls `check` until it holds; false at the deadline.
  bool Eventually(const std::function<bool()>& check);
  // The first message a ghost (or the bot) sent that satisfies `want`.
  std::optional<GhostSend> AwaitGhostSend(const std::function<bool(const GhostSend&)>& want);
  // Alice joins the room; returns once her puppet's JOIN reached the channel.
  void AliceJoins();
  // `sender` says `body` (an m.text) in `room`.
  void SayIn(const std::string& room, const std::string& sender, const std::string& body);
  // Whether the bridge bot sent a notice containing `text` before the deadline.
  bool AwaitNotice(std::string_view text);

  // What the ghosts sent and the logs, for failure messages.
  std::string Sent() const;

  std::unique_ptr<BridgeStack> stack_;
  std::optional<testing::IrcTestClient> watcher_;
};

}  // namespace mxedge::irc_bridge_e2e
