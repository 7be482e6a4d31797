#include "connection_events.hpp"

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

CloseReason CloseReasonFor(irc::DisconnectClass disconnect) {
  switch (disconnect) {
    case irc::DisconnectClass::kBanned:
      return CloseReason::kBanned;
    case irc::DisconnectClass::kTooManyConnections:
      return CloseReason::kTooManyConnections;
    case irc::DisconnectClass::kThrottled:
      return CloseReason::kThrottled;
    case irc::DisconnectClass::kLoginRefused:
      return CloseReason::kSaslFailed;
    case irc::DisconnectClass::kOther:
      return CloseReason::kServerError;
  }
  return CloseReason::kServerError;
}

}  // namespace mxedge::irc_worker
