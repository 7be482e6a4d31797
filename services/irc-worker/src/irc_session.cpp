#include "irc_session.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/irc/cap.hpp"
#include "mxedge/irc/disconnect_class.hpp"
#include "mxedge/irc/formatter.hpp"
#include "mxedge/irc/sasl.hpp"
#include "mxedge/irc/validation.hpp"

namespace mxedge::irc_worker {
namespace {}  // namespace

bool SaslMechanismOffered(std::string_view offered, std::string_view mechanism) {
  if (offered.empty()) {
    return true;
  }
  for (std::string_view rest = offered; !rest.empty();) {
    const std::size_t comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    if (item.size() == mechanism.size() &&
        std::equal(item.begin(), item.end(), mechanism.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return true;
    }
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return false;
}

std::string NextNickCandidate(std::string_view wanted, int attempt, int nick_len) {
  const std::string suffix = attempt <= 1 ? "_" : std::to_string(attempt - 1);
  const std::size_t room =
      nick_len > static_cast<int>(suffix.size()) ? nick_len - suffix.size() : 1;
  std::string base(wanted.substr(0, std::min(wanted.size(), room)));
  return base + suffix;
}

IrcSession::IrcSession(SessionSettings settings, SessionTransport& transport,
                       ConnectionObserver& observer)
    : settings_(std::move(settings)), transport_(transport), observer_(observer) {}

bool IrcSession::IsOwnNick(std::string_view nick) const {
  return isupport_.case_mapping().Equal(nick, nick_);
}

namespace {

// Formats and sends one message; a value no server could read back fails the session.
bool SendFormatted(SessionTransport& transport, irc::Message message) {
  auto line = irc::FormatMessage(message);
  if (!line.ok()) {
    transport.Fail(CloseReason::kProtocol,
                   common::Cat("cannot send ", message.command, ": ", line.status().message()));
    return false;
  }
  std::string text = *std::move(line);
  text.resize(text.size() - 2);  // without CRLF
  transport.SendNow(std::move(text));
  return true;
}

}  // namespace

void IrcSession::Start() {
  phase_ = Phase::kCapNegotiation;
  nick_ = settings_.nick;
  nick_attempts_ = 0;
  tried_sanitized_ = false;
  cap_end_sent_ = false;
  caps_ = irc::CapabilityState();
  isupport_ = irc::ISupport();
  transport_.SendNow("CAP LS 302");
  if (!settings_.server_password.empty() &&
      !SendFormatted(transport_, {.command = "PASS", .params = {settings_.server_password}})) {
    return;
  }
  if (!SendFormatted(transport_, {.command = "NICK", .params = {nick_}})) return;
  SendFormatted(transport_,
                {.command = "USER", .params = {settings_.username, "0", "*", settings_.realname}});
}

void IrcSession::Fail(CloseReason reason, std::string detail) {
  phase_ = Phase::kDone;
  transport_.Fail(reason, std::move(detail));
}

void IrcSession::HandleLine(const irc::Message& message) {
  if (phase_ == Phase::kNotStarted || phase_ == Phase::kDone) return;
  if (message.IsCommand("PING")) {
    transport_.SendNow(common::Cat("PONG :", message.Param(0)));
    return;
  }
  if (message.IsCommand("PONG")) return;
  if (message.IsCommand("CAP")) {
    HandleCap(message);
    return;
  }
  if (message.IsCommand("AUTHENTICATE")) {
    HandleAuthenticate(message);
    return;
  }
  if (message.IsCommand("ERROR")) {
    Fail(CloseReasonFor(irc::ClassifyDisconnect(message)), std::string(message.Param(0)));
    return;
  }
  if (auto numeric = message.Numeric()) {
    HandleNumeric(*numeric, message);
    if (phase_ == Phase::kDone) return;
  } else if (message.IsCommand("NICK") && message.prefix && IsOwnNick(message.prefix->nick) &&
             !message.Param(0).empty()) {
    const std::string old_nick = std::exchange(nick_, std::string(message.Param(0)));
    if (phase_ == Phase::kRegistered) observer_.OnNickChanged(old_nick, nick_);
  } else if ((message.IsCommand("PRIVMSG") || message.IsCommand("NOTICE")) && message.prefix &&
             HasCap("echo-message") && IsOwnNick(message.prefix->nick)) {
    observer_.OnEcho(message);
    return;
  }
  observer_.OnLine(message);
}

void IrcSession::HandleNumeric(int numeric, const irc::Message& message) {
  switch (numeric) {
    case 1:  // RPL_WELCOME
      if (phase_ != Phase::kRegistered) {
        if (!message.Param(0).empty()) nick_ = std::string(message.Param(0));
        phase_ = Phase::kRegistered;
        observer_.OnRegistered(nick_);
      }
      return;
    case 5:  // RPL_ISUPPORT
      if (absl::Status status = isupport_.Apply(message); !status.ok()) {
        common::LogDebug("irc isupport token ignored", {{"error", common::Std(status.message())}});
      }
      return;
    case 432:  // ERR_ERRONEUSNICKNAME
    case 433:  // ERR_NICKNAMEINUSE
    case 436:  // ERR_NICKCOLLISION
      if (phase_ != Phase::kRegistered) HandleNickRefused(numeric, message);
      return;
    case 463:  // ERR_NOPERMFORHOST
    case 464:  // ERR_PASSWDMISMATCH
    case 465:  // ERR_YOUREBANNEDCREEP
      Fail(CloseReasonFor(irc::ClassifyDisconnect(message)),
           std::string(message.Param(message.params.size() - 1)));
      return;
    case 903:  // RPL_SASLSUCCESS
    case 907:  // ERR_SASLALREADY
      if (phase_ == Phase::kSasl) SaslFinished(true, message.Param(message.params.size() - 1));
      return;
    case 902:  // ERR_NICKLOCKED
    case 904:  // ERR_SASLFAIL
    case 905:  // ERR_SASLTOOLONG
    case 906:  // ERR_SASLABORTED
      if (phase_ == Phase::kSasl) SaslFinished(false, message.Param(message.params.size() - 1));
      return;
    default:
      return;
  }
}

void IrcSession::HandleNickRefused(int numeric, const irc::Message& message) {
  ++nick_attempts_;
  if (nick_attempts_ > settings_.max_nick_attempts) {
    Fail(CloseReason::kNickUnavailable,
         common::Cat("no nick accepted after ", settings_.max_nick_attempts, " attempts"));
    return;
  }
  std::string base = settings_.nick;
  if (tried_sanitized_ || numeric == 432) {
    auto sanitized = irc::SanitizeNick(settings_.nick, isupport_);
    if (!sanitized.ok()) {
      Fail(CloseReason::kNickUnavailable, std::string(sanitized.status().message()));
      return;
    }
    base = *std::move(sanitized);
  }
  std::string candidate;
  if (numeric == 432 && !tried_sanitized_ && base != nick_) {
    tried_sanitized_ = true;
    candidate = base;
  } else if (numeric == 432) {
    Fail(CloseReason::kNickUnavailable,
         common::Cat("nick refused as erroneous: ", message.Param(message.params.size() - 1)));
    return;
  } else {
    // The refused nick had an acceptable length, so the server takes at least that many bytes.
    const int nick_len =
        std::max<int>(isupport_.nick_len(), static_cast<int>(std::max(base.size(), nick_.size())));
    candidate = NextNickCandidate(base, nick_attempts_, nick_len);
  }
  nick_ = candidate;
  SendFormatted(transport_, {.command = "NICK", .params = {nick_}});
}

void IrcSession::HandleCap(const irc::Message& message) {
  auto reply = irc::ParseCapReply(message);
  if (!reply.ok()) {
    common::LogDebug("irc cap reply ignored", {{"error", common::Std(reply.status().message())}});
    return;
  }
  caps_.Apply(*reply);
  if (phase_ != Phase::kCapNegotiation) return;
  switch (reply->subcommand) {
    case irc::CapSubcommand::kLs:
      if (caps_.ls_complete()) RequestCaps();
      return;
    case irc::CapSubcommand::kAck:
      CapsAcknowledged();
      return;
    case irc::CapSubcommand::kNak:
      if (settings_.sasl && settings_.sasl_required) {
        Fail(CloseReason::kSaslFailed, "the server refused the capability request including sasl");
        return;
      }
      EndCap();
      return;
    default:
      return;
  }
}

void IrcSession::RequestCaps() {
  if (settings_.sasl && settings_.sasl_required && !caps_.OfferedValue("sasl")) {
    Fail(CloseReason::kSaslFailed, "the server does not offer sasl");
    return;
  }
  std::vector<std::string> wanted;
  for (const std::string& cap : settings_.wanted_caps) {
    if (cap != "sasl" || settings_.sasl) wanted.push_back(cap);
  }
  const std::vector<std::string> request =
      irc::ChooseCapabilities(caps_.offered(), wanted, caps_.enabled());
  if (request.empty()) {
    EndCap();
    return;
  }
  std::string list;
  for (const std::string& cap : request) {
    if (!list.empty()) list += ' ';
    list += cap;
  }
  SendFormatted(transport_, {.command = "CAP", .params = {"REQ", list}});
}

void IrcSession::CapsAcknowledged() {
  if (settings_.sasl && caps_.IsEnabled("sasl")) {
    const bool external = settings_.sasl->mechanism == SaslMechanism::kExternal;
    const std::string_view mechanism = external ? "EXTERNAL" : "PLAIN";
    if (!SaslMechanismOffered(caps_.OfferedValue("sasl").value_or(""), mechanism)) {
      if (settings_.sasl_required) {
        Fail(CloseReason::kSaslFailed,
             common::Cat("the server does not offer SASL ", mechanism, " (it offers ",
                         caps_.OfferedValue("sasl").value_or(""), ")"));
        return;
      }
      EndCap();
      return;
    }
    phase_ = Phase::kSasl;
    transport_.SendNow(common::Cat("AUTHENTICATE ", mechanism));
    return;
  }
  if (settings_.sasl && settings_.sasl_required) {
    Fail(CloseReason::kSaslFailed, "the server did not acknowledge sasl");
    return;
  }
  EndCap();
}

void IrcSession::HandleAuthenticate(const irc::Message& message) {
  if (phase_ != Phase::kSasl || message.Param(0) != "+" || !settings_.sasl) return;
  const SaslCredentials& sasl = *settings_.sasl;
  if (sasl.mechanism == SaslMechanism::kExternal) {
    // No authorization identity: the server uses the account of the certificate.
    transport_.SendNow("AUTHENTICATE +");
    return;
  }
  // authzid = authcid, as most clients send it.
  for (const irc::Message& line :
       irc::SaslPlainMessages(sasl.account, sasl.password, sasl.account)) {
    if (!SendFormatted(transport_, line)) return;
  }
}

void IrcSession::SaslFinished(bool ok, std::string_view detail) {
  observer_.OnSaslResult(ok, detail);
  if (!ok && settings_.sasl_required) {
    Fail(CloseReason::kSaslFailed, common::Cat("sasl login refused: ", detail));
    return;
  }
  EndCap();
}

void IrcSession::EndCap() {
  if (!cap_end_sent_) {
    cap_end_sent_ = true;
    transport_.SendNow("CAP END");
  }
  if (phase_ != Phase::kRegistered) phase_ = Phase::kAwaitingWelcome;
}

}  // namespace mxedge::irc_worker
