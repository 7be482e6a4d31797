#pragma once
// What an IRC connection tells the service: its states, why it closed, and the observer interface
// through which registration, lines, echoes, nick changes and closes are reported.
#include <optional>
#include <string>
#include <string_view>

#include "mxedge/irc/disconnect_class.hpp"
#include "mxedge/irc/message.hpp"

namespace mxedge::irc_worker {

enum class ConnectionState {
  kIdle,         // created, or closed and not yet reconnecting
  kConnecting,   // resolving, TCP connect, TLS handshake
  kRegistering,  // CAP, SASL, NICK/USER until 001
  kRegistered,   // 001 received
  kClosing,      // QUIT sent, waiting for the server to close
  kBackoff,      // waiting before the next connect attempt
  kFailed,       // closed for a reason that is not retried (banned, too many connections, ...)
};
inline constexpr int kConnectionStateCount = 7;
std::string_view ConnectionStateName(ConnectionState state);

// Why a connection closed. Each reason is one label value of the reconnect metrics.
enum class CloseReason {
  kLocal,                // Close() or a drain
  kConnectFailed,        // resolve or TCP connect failed
  kTlsFailed,            // the TLS handshake failed (including certificate verification)
  kNetwork,              // read or write error, or the server closed the socket
  kServerError,          // the server sent ERROR with no more specific class
  kPingTimeout,          // no data within the ping timeout
  kRegistrationTimeout,  // no 001 within the registration timeout
  kBanned,               // K-line, G-line, 465 ERR_YOUREBANNEDCREEP
  kTooManyConnections,   // the server's class or host limit is full
  kThrottled,            // the server asks us to reconnect more slowly
  kSaslFailed,           // 902/904/905 (SASL) or 464 / "bad password" (PASS): login refused
  kNickUnavailable,      // no acceptable nick within the attempts allowed
  kProtocol,             // a line over the limits or otherwise unusable input
};
inline constexpr int kCloseReasonCount = 13;
std::string_view CloseReasonName(CloseReason reason);

// Whether a close for `reason` is followed by a reconnect. Banned, too many connections and a
// refused SASL login stop retrying (the user is told instead); a local close is not retried.
bool IsRetryable(CloseReason reason);

// The close reason for how libs/irc classified the server's parting words (ERROR, 465, 463).
CloseReason CloseReasonFor(irc::DisconnectClass disconnect);

struct CloseInfo {
  CloseReason reason = CloseReason::kLocal;
  std::string detail;  // the server's ERROR text or the socket error; never a password
};

// Events of one connection, called on that connection's io_context thread. Implementations
// must not block and must not destroy the connection from inside a callback.
class ConnectionObserver {
 public:
  virtual ~ConnectionObserver() = default;
  // 001 received; `nick` is the nick the server gave us (it may differ from the wanted one).
  virtual void OnRegistered(std::string_view nick) = 0;
  // Our nick changed after registration (a NICK from the server for us).
  virtual void OnNickChanged(std::string_view old_nick, std::string_view new_nick) = 0;
  // SASL PLAIN finished: ok, or refused (`detail` is the server's text).
  virtual void OnSaslResult(bool ok, std::string_view detail) = 0;
  // Every line from the server except PING, our own echoed PRIVMSG/NOTICE, and CAP/AUTHENTICATE.
  virtual void OnLine(const irc::Message& message) = 0;
  // A PRIVMSG or NOTICE we sent, echoed back by the server (echo-message).
  virtual void OnEcho(const irc::Message& message) = 0;
  // The connection closed; a reconnect may follow (see IsRetryable).
  virtual void OnClosed(const CloseInfo& info) = 0;
};

}  // namespace mxedge::irc_worker
