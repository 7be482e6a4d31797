#pragma once
// Kicks both ways.
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "mxedge/irc/message.hpp"

namespace mxedge::bridge {

// An IRC KICK read for Matrix: who leaves which room, and the reason the room shows.
struct IrcKick {
  std::string channel;
  std::string kicked_nick;
  std::string kicker_nick;
  std::string reason;  // "<kicker> kicked <nick> from <channel>[: <reason>]"
  friend bool operator==(const IrcKick&, const IrcKick&) = default;
};

// Reads ":kicker KICK #chan nick [:reason]". InvalidArgumentError when the message is not KICK,
// has no source nick, or fewer than 2 parameters.
absl::StatusOr<IrcKick> ReadIrcKick(const irc::Message& message);

// The KICK a Matrix kick of a ghost becomes, sent by the kicker's puppet; nullopt when that
// puppet is not op in the channel (the kick then stays on the Matrix side only). The reason
// names the Matrix kicker and carries the Matrix reason.
std::optional<irc::Message> IrcKickForMatrixKick(std::string_view channel,
                                                 std::string_view ghost_nick,
                                                 std::string_view kicker_display,
                                                 std::string_view matrix_reason, bool kicker_is_op);

}  // namespace mxedge::bridge
