#include "nick_request_watcher.hpp"

#include "mxedge/irc/parser.hpp"

namespace mxedge::irc_worker {

absl::StatusOr<PuppetReadiness> NickRequestWatcher::Prepare(std::string_view network,
                                                            std::string_view mxid) {
  return inner_.Prepare(network, mxid);
}

std::optional<PuppetStatus> NickRequestWatcher::Status(std::string_view network,
                                                       std::string_view mxid) {
  return inner_.Status(network, mxid);
}

absl::Status NickRequestWatcher::SendLine(std::string_view network, std::string_view mxid,
                                          std::string line) {
  absl::StatusOr<irc::Message> message = irc::ParseMessage(line);
  const bool nick = message.ok() && message->IsCommand("NICK") && !message->Param(0).empty();
  const std::string wanted = nick ? std::string(message->Param(0)) : std::string();
  if (nick) {
    // Before the line leaves: the server's confirmation may come back at once.
    sync_.NickRequested(ConnectionKey{std::string(network), std::string(mxid)}, wanted);
  }
  return inner_.SendLine(network, mxid, std::move(line));
}

absl::Status NickRequestWatcher::Reconnect(std::string_view network, std::string_view mxid) {
  return inner_.Reconnect(network, mxid);
}

absl::Status NickRequestWatcher::Quit(std::string_view network, std::string_view mxid) {
  return inner_.Quit(network, mxid);
}

}  // namespace mxedge::irc_worker
