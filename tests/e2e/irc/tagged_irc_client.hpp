#pragma once
// An IRC client for the IRCv3 tests: negotiates message-tags, server-time and echo-message with
// the server, joins one channel and reports the tags the server put on its own lines (read from
// their echo), so a test knows the msgid and server-time every other client saw on them.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/testing/irc_test_client.hpp"

namespace mxedge::irc_e2e {

// The server's tags on one line.
struct LineTags {
  std::string msgid;
  std::string time;  // server-time, ISO 8601
};

class TaggedIrcClient {
 public:
  // Connects, negotiates the capabilities (all three or an error), registers as `nick` and joins
  // `channel` (waits for the end of NAMES).
  static absl::StatusOr<std::unique_ptr<TaggedIrcClient>> Join(int port, std::string nick,
                                                               std::string channel);

  // PRIVMSG to the channel; returns the tags of its echo.
  absl::StatusOr<LineTags> Say(std::string_view text, std::chrono::milliseconds timeout);
  // Sends a raw line (e.g. OPER, SAMODE) and reads until a line with `command` comes back.
  absl::StatusOr<std::string> Command(std::string_view line, std::string_view command,
                                      std::chrono::milliseconds timeout);

 private:
  TaggedIrcClient(testing::IrcTestClient client, std::string nick, std::string channel)
      : client_(std::move(client)), nick_(std::move(nick)), channel_(std::move(channel)) {}

  testing::IrcTestClient client_;
  std::string nick_;
  std::string channel_;
};

}  // namespace mxedge::irc_e2e
