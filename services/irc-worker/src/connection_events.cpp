#include "connection_events.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace mxedge::irc_worker {

std::string_view ConnectionStateName(ConnectionState state) {
  switch (state) {
    case ConnectionState::kIdle:
      return "idle";
    case ConnectionState::kConnecting:
      return "connecting";
    case ConnectionState::kRegistering:
      return "registering";
    case ConnectionState::kRegistered:
      return "registered";
    case ConnectionState::kClosing:
      return "closing";
    case ConnectionState::kBackoff:
      return "backoff";
    case ConnectionState::kFailed:
      return "failed";
  }
  return "unknown";
}

std::string_view CloseReasonName(CloseReason reason) {
  switch (reason) {
    case CloseReason::kLocal:
      return "local";
    case CloseReason::kConnectFailed:
      return "connect_failed";
    case CloseReason::kTlsFailed:
      return "tls_failed";
    case CloseReason::kNetwork:
      return "network";
    case CloseReason::kServerError:
      return "server_error";
    case CloseReason::kPingTimeout:
      return "ping_timeout";
    case CloseReason::kRegistrationTimeout:
      return "registration_timeout";
    case CloseReason::kBanned:
      return "banned";
    case CloseReason::kTooManyConnections:
      return "too_many_connections";
    case CloseReason::kThrottled:
      return "throttled";
    case CloseReason::kSaslFailed:
      return "sasl_failed";
    case CloseReason::kNickUnavailable:
      return "nick_unavailable";
    case CloseReason::kProtocol:
      return "protocol";
  }
  return "unknown";
}

bool IsRetryable(CloseReason reason) {
  switch (reason) {
    case CloseReason::kLocal:
    case CloseReason::kBanned:
    case CloseReason::kTooManyConnections:
    case CloseReason::kSaslFailed:
      return false;
    default:
      return true;
  }
}

std::optional<CloseReason> ClassifyServerError(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  // Phrases of ircd-ratbox/solanum/charybdis, UnrealIRCd, InspIRCd and ngIRCd.
  constexpr std::array<std::string_view, 4> kThrottled = {
      "throttled", "reconnecting too fast", "trying to reconnect too fast", "connecting too fast"};
  constexpr std::array<std::string_view, 7> kBanned = {
      "k-lined", "g-lined", "z-lined", "d-lined", "banned", "you are not welcome", "k-line"};
  constexpr std::array<std::string_view, 6> kTooMany = {
      "too many host connections", "too many connections",      "no more connections allowed",
      "this server is full",       "too many user connections", "server is full"};
  for (std::string_view phrase : kThrottled) {
    if (lower.find(phrase) != std::string::npos) return CloseReason::kThrottled;
  }
  for (std::string_view phrase : kTooMany) {
    if (lower.find(phrase) != std::string::npos) return CloseReason::kTooManyConnections;
  }
  for (std::string_view phrase : kBanned) {
    if (lower.find(phrase) != std::string::npos) return CloseReason::kBanned;
  }
  return std::nullopt;
}

}  // namespace mxedge::irc_worker
