#include "mxedge/irc/disconnect_class.hpp"

#include <span>
#include <string>

#include "mxedge/irc/numerics.hpp"
#include "text.hpp"

namespace mxedge::irc {
namespace {

constexpr std::string_view kTooManyConnections[] = {
    "too many connections",       "too many host connections",
    "too many user connections",  "too many clients",
    "no more connections",        "server is full",
    "maximum connections",        "connection limit",
    "too many local connections", "too many global connections",
};
constexpr std::string_view kThrottled[] = {"throttled", "reconnecting too fast", "too fast"};
constexpr std::string_view kLoginRefused[] = {"bad password", "password incorrect",
                                              "password mismatch", "invalid password"};
constexpr std::string_view kBanned[] = {"k-line", "g-line", "z-line", "d-line", "kline",
                                        "gline",  "zline",  "dline",  "banned", "akill"};

bool ContainsAny(std::string_view text, std::span<const std::string_view> needles) {
  for (std::string_view needle : needles) {
    if (text.find(needle) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string_view DisconnectClassName(DisconnectClass value) {
  switch (value) {
    case DisconnectClass::kBanned:
      return "banned";
    case DisconnectClass::kTooManyConnections:
      return "too_many_connections";
    case DisconnectClass::kThrottled:
      return "throttled";
    case DisconnectClass::kLoginRefused:
      return "login_refused";
    case DisconnectClass::kOther:
      break;
  }
  return "other";
}

DisconnectClass ClassifyDisconnect(const Message& message) {
  const std::optional<int> numeric = message.Numeric();
  if (numeric == numerics::kErrYoureBannedCreep || numeric == numerics::kErrNoPermForHost) {
    return DisconnectClass::kBanned;
  }
  if (numeric == numerics::kErrPasswdMismatch) {
    return DisconnectClass::kLoginRefused;
  }
  if (!message.IsCommand("ERROR")) {  // other numerics (474: banned from a channel) are not ours
    return DisconnectClass::kOther;
  }
  std::string text;
  for (const std::string& param : message.params) {
    text += param;
    text += ' ';
  }
  for (char& c : text) {
    c = internal::AsciiLower(c);
  }
  if (ContainsAny(text, kTooManyConnections)) {
    return DisconnectClass::kTooManyConnections;
  }
  if (ContainsAny(text, kThrottled)) {
    return DisconnectClass::kThrottled;
  }
  if (ContainsAny(text, kBanned)) {
    return DisconnectClass::kBanned;
  }
  if (ContainsAny(text, kLoginRefused)) {
    return DisconnectClass::kLoginRefused;
  }
  return DisconnectClass::kOther;
}

}  // namespace mxedge::irc
