#include "mxedge/bridge/kick_mapping.hpp"

#include "mxedge/common/str_cat.hpp"

namespace mxedge::bridge {

absl::StatusOr<IrcKick> ReadIrcKick(const irc::Message& message) {
  if (!message.IsCommand("KICK")) {
    return absl::InvalidArgumentError(common::Cat("not a KICK: ", message.command));
  }
  if (!message.prefix.has_value() || message.prefix->nick.empty()) {
    return absl::InvalidArgumentError("KICK without a source nick");
  }
  if (message.params.size() < 2) {
    return absl::InvalidArgumentError("KICK needs a channel and a nick");
  }
  IrcKick kick{.channel = message.params[0],
               .kicked_nick = message.params[1],
               .kicker_nick = message.prefix->nick};
  kick.reason = common::Cat(kick.kicker_nick, " kicked ", kick.kicked_nick, " from ", kick.channel);
  if (message.params.size() > 2 && !message.params[2].empty() &&
      message.params[2] != kick.kicker_nick) {
    kick.reason += common::Cat(": ", message.params[2]);
  }
  return kick;
}

std::optional<irc::Message> IrcKickForMatrixKick(std::string_view channel,
                                                 std::string_view ghost_nick,
                                                 std::string_view kicker_display,
                                                 std::string_view matrix_reason,
                                                 bool kicker_is_op) {
  if (!kicker_is_op) {
    return std::nullopt;
  }
  std::string reason = common::Cat("kicked from Matrix by ", kicker_display);
  if (!matrix_reason.empty()) {
    reason += common::Cat(": ", matrix_reason);
  }
  for (char& c : reason) {
    if (c == '\r' || c == '\n' || c == '\0') {
      c = ' ';  // one IRC line
    }
  }
  return irc::Message{.command = "KICK",
                      .params = {std::string(channel), std::string(ghost_nick), reason}};
}

}  // namespace mxedge::bridge
