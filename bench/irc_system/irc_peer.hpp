#pragma once
// IrcPeer: a plain IRC client in #bench for irc_system_bench, with a reader thread that timestamps
// what the bench measures: channel PRIVMSG bodies (first arrival of each), and who is in the
// channel (NAMES on join, then JOIN / PART / QUIT / KICK). Sending happens on the caller's thread.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "mxedge/testing/irc_test_client.hpp"

namespace mxedge::irc_bench {

class IrcPeer {
 public:
  using Clock = std::chrono::steady_clock;

  // Connects, registers as `nick`, joins `channel` and waits for the end of its NAMES.
  static absl::StatusOr<std::unique_ptr<IrcPeer>> Join(int port, const std::string& nick,
                                                       const std::string& channel);
  ~IrcPeer();
  IrcPeer(const IrcPeer&) = delete;
  IrcPeer& operator=(const IrcPeer&) = delete;

  // PRIVMSG <channel> :<text>.
  absl::Status Say(const std::string& text);

  // When the channel PRIVMSG with exactly `body` first arrived; nullopt if it has not.
  std::optional<Clock::time_point> ArrivalOf(const std::string& body) const;
  // Number of distinct channel PRIVMSG bodies that start with `prefix`.
  std::size_t CountWithPrefix(const std::string& prefix) const;
  // Whether `nick` is in the channel now (case-insensitive over ASCII).
  bool Present(const std::string& nick) const;
  // When `nick` last joined; nullopt if not seen joining.
  std::optional<Clock::time_point> LastJoin(const std::string& nick) const;
  // Whether the connection to the server ended.
  bool closed() const;

  // Waits until `done` holds (checked after every line read, and at least every 100 ms) or until
  // `deadline`.
  bool WaitFor(const std::function<bool()>& done, Clock::time_point deadline) const;

 private:
  IrcPeer(testing::IrcTestClient client, std::string channel)
      : client_(std::move(client)), channel_(std::move(channel)) {}
  void Read();
  void Handle(const std::string& line, Clock::time_point at);

  testing::IrcTestClient client_;
  std::string channel_;
  std::thread reader_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  bool stop_ = false;
  bool closed_ = false;
  std::map<std::string, Clock::time_point> arrivals_;
  std::set<std::string> present_;                       // lower-case nicks
  std::map<std::string, Clock::time_point> last_join_;  // lower-case nick → time
};

}  // namespace mxedge::irc_bench
