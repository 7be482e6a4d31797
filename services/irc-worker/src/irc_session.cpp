#include "irc_session.hpp"

#include <algorithm>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"
#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/irc/formatter.hpp"
#include "mxedge/irc/validation.hpp"

namespace mxedge::irc_worker {
namespace {

constexpr std::size_t kSaslChunkBytes = 400;

std::string_view CapName(std::string_view token) {
  const auto eq = token.find('=');
  return eq == std::string_view::npos ? token : token.substr(0, eq);
}

std::vector<std::string_view> SplitSpaces(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = std::min(text.find(' ', pos), text.size());
    if (end > pos) out.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

}  // namespace

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
  offered_caps_.clear();
  enabled_caps_.clear();
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
    const std::string text(message.Param(0));
    Fail(ClassifyServerError(text).value_or(CloseReason::kServerError), text);
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
    case 465:  // ERR_YOUREBANNEDCREEP
      Fail(CloseReason::kBanned, std::string(message.Param(message.params.size() - 1)));
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
  const std::string_view sub = message.Param(1);
  if (sub == "LS") {
    HandleCapLs(message);
  } else if (sub == "ACK") {
    HandleCapAck(message.Param(message.params.size() - 1));
  } else if (sub == "NAK") {
    if (phase_ != Phase::kCapNegotiation) return;
    if (settings_.sasl && settings_.sasl_required) {
      Fail(CloseReason::kSaslFailed, "the server refused the capability request including sasl");
      return;
    }
    EndCap();
  } else if (sub == "DEL") {
    for (std::string_view cap : SplitSpaces(message.Param(message.params.size() - 1))) {
      enabled_caps_.erase(std::string(CapName(cap)));
    }
  }
}

void IrcSession::HandleCapLs(const irc::Message& message) {
  if (phase_ != Phase::kCapNegotiation) return;
  const bool more = message.params.size() >= 4 && message.Param(2) == "*";
  for (std::string_view token : SplitSpaces(message.Param(message.params.size() - 1))) {
    offered_caps_.insert(std::string(CapName(token)));
  }
  if (more) return;
  if (settings_.sasl && settings_.sasl_required && !offered_caps_.contains("sasl")) {
    Fail(CloseReason::kSaslFailed, "the server does not offer sasl");
    return;
  }
  std::string request;
  for (const std::string& cap : settings_.wanted_caps) {
    if (!offered_caps_.contains(cap)) continue;
    if (cap == "sasl" && !settings_.sasl) continue;
    if (!request.empty()) request += ' ';
    request += cap;
  }
  if (request.empty()) {
    EndCap();
    return;
  }
  SendFormatted(transport_, {.command = "CAP", .params = {"REQ", request}});
}

void IrcSession::HandleCapAck(std::string_view caps) {
  for (std::string_view token : SplitSpaces(caps)) {
    if (token.front() == '-') {
      enabled_caps_.erase(std::string(CapName(token.substr(1))));
    } else {
      enabled_caps_.insert(std::string(CapName(token)));
    }
  }
  if (phase_ != Phase::kCapNegotiation) return;
  if (settings_.sasl && enabled_caps_.contains("sasl")) {
    phase_ = Phase::kSasl;
    transport_.SendNow("AUTHENTICATE PLAIN");
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
  std::string plain = sasl.account;
  plain.push_back('\0');
  plain += sasl.account;
  plain.push_back('\0');
  plain += sasl.password;
  const std::string encoded = absl::Base64Escape(common::Absl(plain));
  for (std::size_t pos = 0; pos < encoded.size(); pos += kSaslChunkBytes) {
    transport_.SendNow(
        common::Cat("AUTHENTICATE ", std::string_view(encoded).substr(pos, kSaslChunkBytes)));
  }
  if (encoded.size() % kSaslChunkBytes == 0) transport_.SendNow("AUTHENTICATE +");
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
