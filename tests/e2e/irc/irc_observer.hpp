#pragma once
// The IRC side of the failover tests: one plain client in the bridged channel that says lines
// (IRC → Matrix traffic) and tallies what it sees: PRIVMSGs by body (Matrix → IRC traffic) and
// the JOIN / PART / QUIT of every nick (connection churn). Single-threaded: the test thread calls
// Pump() between its other steps.
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/testing/irc_test_client.hpp"

namespace mxedge::irc_e2e {

// One line as the observer saw it.
struct SeenLine {
  std::string nick;     // of the prefix
  std::string command;  // PRIVMSG, JOIN, PART, QUIT, ...
  std::string text;     // the trailing parameter
};

// Splits ":nick!user@host COMMAND params :trailing"; nullopt-like empty command when unparsable.
SeenLine ParseSeenLine(std::string_view line);

class IrcObserver {
 public:
  // Connects, registers as `nick` and joins `channel` (waits for the end of NAMES).
  static absl::StatusOr<std::unique_ptr<IrcObserver>> Join(int port, std::string nick,
                                                           std::string channel);

  // PRIVMSG to the channel.
  absl::Status Say(std::string_view text);
  // Reads for up to `timeout` (returns as soon as the socket is quiet after a first line).
  absl::Status Pump(std::chrono::milliseconds timeout);

  // PRIVMSGs in the channel: body → how often it was seen.
  const std::map<std::string, int, std::less<>>& privmsgs() const { return privmsgs_; }
  int64_t privmsg_total() const { return privmsg_total_; }
  // Bodies starting with `prefix`: distinct and total.
  int64_t DistinctWithPrefix(std::string_view prefix) const;
  int64_t TotalWithPrefix(std::string_view prefix) const;
  // Every JOIN, PART and QUIT seen, in order, as "<COMMAND> <nick>".
  const std::vector<std::string>& membership() const { return membership_; }
  int64_t MembershipCount(std::string_view command, std::string_view nick) const;

 private:
  explicit IrcObserver(testing::IrcTestClient client, std::string channel)
      : client_(std::move(client)), channel_(std::move(channel)) {}
  void Record(std::string_view line);

  testing::IrcTestClient client_;
  std::string channel_;
  std::map<std::string, int, std::less<>> privmsgs_;
  int64_t privmsg_total_ = 0;
  std::vector<std::string> membership_;
};

}  // namespace mxedge::irc_e2e
