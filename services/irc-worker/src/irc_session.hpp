#pragma once
// IrcSession: the client side of IRC registration and keepalive, without I/O. It is fed the
// server's parsed lines and answers through a SessionTransport; events go to a ConnectionObserver.
//
// Registration: CAP LS 302, PASS, NICK, USER; then CAP REQ of the wanted capabilities the server
// offers; SASL PLAIN (AUTHENTICATE in 400-byte chunks) when credentials are set and `sasl` was
// acknowledged, or SASL EXTERNAL (an empty "+" response: the account is the one the TLS client
// certificate names) when the credentials say so and the server's `sasl=` list, if any, names
// it; CAP END; 001 completes it. 433/436 (nick in use, collision) try the next nick
// candidate, 432 (erroneous) a sanitized one; the nick obtained is reported with OnRegistered.
// PING is answered at once. ISUPPORT (005) is tracked. A server without CAP simply sends 001.
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "connection_events.hpp"
#include "mxedge/irc/cap.hpp"
#include "mxedge/irc/isupport.hpp"
#include "mxedge/irc/message.hpp"

namespace mxedge::irc_worker {

enum class SaslMechanism { kPlain, kExternal };

struct SaslCredentials {
  std::string account;   // authcid (and authzid); unused by EXTERNAL
  std::string password;  // never logged; unused by EXTERNAL
  // EXTERNAL: the server logs the account in by the TLS client certificate (CertFP).
  SaslMechanism mechanism = SaslMechanism::kPlain;
};

inline const std::vector<std::string>& DefaultWantedCaps() {
  static const std::vector<std::string> caps = {"message-tags", "server-time",  "echo-message",
                                                "sasl",         "multi-prefix", "away-notify",
                                                "chghost"};
  return caps;
}

struct SessionSettings {
  std::string nick;             // the wanted nick
  std::string username;         // USER's user name (ident)
  std::string realname;         // USER's real name
  std::string server_password;  // PASS, empty for none; never logged
  std::optional<SaslCredentials> sasl;
  // With credentials, a refused or unavailable SASL login closes the connection (kSaslFailed)
  // instead of continuing unauthenticated.
  bool sasl_required = true;
  std::vector<std::string> wanted_caps = DefaultWantedCaps();
  int max_nick_attempts = 10;
};

// What the session needs from the connection under it.
class SessionTransport {
 public:
  virtual ~SessionTransport() = default;
  // Writes `line` (without CRLF) ahead of the flood queue.
  virtual void SendNow(std::string line) = 0;
  // Ends the connection for `reason`; no more lines are handled afterwards.
  virtual void Fail(CloseReason reason, std::string detail) = 0;
};

// Whether the value of the server's `sasl` capability ("PLAIN,EXTERNAL"; empty when it lists
// none, as CAP 3.1 servers send it) allows `mechanism` (compared without case).
bool SaslMechanismOffered(std::string_view offered, std::string_view mechanism);

// The nick to try after `attempt` refusals of `wanted` (attempt >= 1): wanted + "_" first, then
// wanted + "1", "2", ..., with `wanted` cut so the result fits `nick_len`.
std::string NextNickCandidate(std::string_view wanted, int attempt, int nick_len);

class IrcSession {
 public:
  enum class Phase { kNotStarted, kCapNegotiation, kSasl, kAwaitingWelcome, kRegistered, kDone };

  IrcSession(SessionSettings settings, SessionTransport& transport, ConnectionObserver& observer);

  // Starts registration on a fresh connection (resets everything learned before).
  void Start();
  // Handles one line from the server.
  void HandleLine(const irc::Message& message);

  Phase phase() const { return phase_; }
  bool registered() const { return phase_ == Phase::kRegistered; }
  const std::string& nick() const { return nick_; }
  const irc::ISupport& isupport() const { return isupport_; }
  const std::set<std::string>& enabled_caps() const { return caps_.enabled(); }
  bool HasCap(std::string_view cap) const { return caps_.IsEnabled(cap); }
  // Whether `nick` is ours under the server's case mapping.
  bool IsOwnNick(std::string_view nick) const;
  const SessionSettings& settings() const { return settings_; }

 private:
  void HandleCap(const irc::Message& message);
  void RequestCaps();
  void CapsAcknowledged();
  void HandleAuthenticate(const irc::Message& message);
  void HandleNumeric(int numeric, const irc::Message& message);
  void HandleNickRefused(int numeric, const irc::Message& message);
  void SaslFinished(bool ok, std::string_view detail);
  void EndCap();
  void Fail(CloseReason reason, std::string detail);

  SessionSettings settings_;
  SessionTransport& transport_;
  ConnectionObserver& observer_;
  Phase phase_ = Phase::kNotStarted;
  std::string nick_;  // the nick last sent, then the one the server confirmed
  int nick_attempts_ = 0;
  bool tried_sanitized_ = false;
  bool cap_end_sent_ = false;
  irc::CapabilityState caps_;
  irc::ISupport isupport_;
};

}  // namespace mxedge::irc_worker
