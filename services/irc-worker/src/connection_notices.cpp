#include "connection_notices.hpp"

#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

using common::Cat;

namespace {

std::string_view Why(CloseReason reason) {
  switch (reason) {
    case CloseReason::kLocal:
      return "closed by the bridge";
    case CloseReason::kConnectFailed:
      return "the server could not be reached";
    case CloseReason::kTlsFailed:
      return "the TLS handshake failed";
    case CloseReason::kNetwork:
      return "the connection was lost";
    case CloseReason::kServerError:
      return "the server closed the connection";
    case CloseReason::kPingTimeout:
      return "the server stopped answering";
    case CloseReason::kRegistrationTimeout:
      return "the server did not finish registration in time";
    case CloseReason::kBanned:
      return "you are banned from the server (K-line)";
    case CloseReason::kTooManyConnections:
      return "the server allows no more connections from the bridge";
    case CloseReason::kThrottled:
      return "the server asks the bridge to reconnect more slowly";
    case CloseReason::kSaslFailed:
      return "the server refused the login (SASL or password)";
    case CloseReason::kNickUnavailable:
      return "no nick could be obtained";
    case CloseReason::kProtocol:
      return "the server sent unusable data";
  }
  return "the connection closed";
}

// The last parameter, the server's human-readable text.
std::string_view Trailing(const irc::Message& m) {
  return m.params.empty() ? std::string_view() : std::string_view(m.params.back());
}

}  // namespace

std::string ConnectedNotice(std::string_view network, std::string_view nick) {
  return Cat("Connected to ", network, " as ", nick, ".");
}

std::optional<std::string> ClosedNotice(std::string_view network, const CloseInfo& info) {
  if (info.reason == CloseReason::kLocal) {
    return std::nullopt;
  }
  std::string text = Cat("Disconnected from ", network, ": ", Why(info.reason));
  if (!info.detail.empty()) {
    text += Cat(" (", info.detail, ")");
  }
  text += IsRetryable(info.reason) ? ". Reconnecting." : ". Not reconnecting; send !reconnect.";
  return text;
}

std::string SaslFailedNotice(std::string_view network, std::string_view detail) {
  std::string text = Cat("SASL login to ", network, " failed");
  if (!detail.empty()) {
    text += Cat(": ", detail);
  }
  return text + ". Check your stored username and password.";
}

std::optional<std::string> ReplyNotice(const irc::Message& m) {
  const std::string& c = m.command;
  auto param = [&m](std::size_t i) { return std::string(m.Param(i)); };
  if (c == "433") {
    return Cat("The nick ", param(1), " is taken; your nick is unchanged.");
  }
  if (c == "432") {
    return Cat("The server refuses the nick ", param(1), ": ", Trailing(m), ".");
  }
  if (c == "436" || c == "437") {
    return Cat("The nick ", param(1), " is unavailable right now: ", Trailing(m), ".");
  }
  if (c == "401") {
    return Cat("No such nick: ", param(1), ".");
  }
  if (c == "311" && m.params.size() >= 6) {
    return Cat(param(1), " is ", param(2), "@", param(3), " (", param(5), ")");
  }
  if (c == "312" && m.params.size() >= 3) {
    return Cat(param(1), " is on ", param(2));
  }
  if (c == "319" && m.params.size() >= 3) {
    return Cat(param(1), " is in ", param(2));
  }
  if (c == "330" && m.params.size() >= 3) {
    return Cat(param(1), " is logged in as ", param(2));
  }
  if (c == "403") {
    return Cat("No such channel: ", param(1), ".");
  }
  if (c == "405") {
    return Cat("Cannot join ", param(1), ": you are in too many channels.");
  }
  if (c == "471") {
    return Cat("Cannot join ", param(1), ": the channel is full (+l).");
  }
  if (c == "473") {
    return Cat("Cannot join ", param(1), ": the channel is invite-only (+i).");
  }
  if (c == "474") {
    return Cat("Cannot join ", param(1), ": you are banned from it (+b).");
  }
  if (c == "475") {
    return Cat("Cannot join ", param(1), ": wrong or missing key (+k); use !join ", param(1),
               " <key>.");
  }
  if (c == "477") {
    return Cat("Cannot join ", param(1), ": ", Trailing(m), " (+r: register with NickServ).");
  }
  return std::nullopt;
}

}  // namespace mxedge::irc_worker
