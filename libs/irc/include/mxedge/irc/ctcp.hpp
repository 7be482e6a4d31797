#pragma once
// CTCP messages inside PRIVMSG/NOTICE text ("\x01ACTION waves\x01").
#include <optional>
#include <string>
#include <string_view>

namespace mxedge::irc {

struct Ctcp {
  std::string command;  // upper-cased: "ACTION", "VERSION", ...
  std::string params;   // the rest after one space; empty when none

  friend bool operator==(const Ctcp&, const Ctcp&) = default;
};

// The CTCP in `text`, or nullopt when `text` is not one (it must start with \x01 and have a
// command). The closing \x01 is optional, as some clients leave it out.
std::optional<Ctcp> ParseCtcp(std::string_view text);

}  // namespace mxedge::irc
