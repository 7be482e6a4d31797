#include "mxedge/irc/commands.hpp"

namespace mxedge::irc {
namespace {

Message Make(std::string_view command, std::initializer_list<std::string_view> params) {
  Message message;
  message.command = std::string(command);
  for (std::string_view param : params) {
    message.params.emplace_back(param);
  }
  return message;
}

}  // namespace

Message Privmsg(std::string_view target, std::string_view text) {
  return Make("PRIVMSG", {target, text});
}

Message Notice(std::string_view target, std::string_view text) {
  return Make("NOTICE", {target, text});
}

Message Action(std::string_view target, std::string_view text) {
  std::string ctcp =
      "\x01"
      "ACTION ";
  ctcp += text;
  ctcp += '\x01';
  return Make("PRIVMSG", {target, ctcp});
}

Message Tagmsg(std::string_view target, std::vector<Tag> tags) {
  Message message = Make("TAGMSG", {target});
  message.tags = std::move(tags);
  return message;
}

Message Join(std::string_view channel, std::string_view key) {
  return key.empty() ? Make("JOIN", {channel}) : Make("JOIN", {channel, key});
}

Message Part(std::string_view channel, std::string_view reason) {
  return reason.empty() ? Make("PART", {channel}) : Make("PART", {channel, reason});
}

Message NickCommand(std::string_view nick) { return Make("NICK", {nick}); }

Message User(std::string_view username, std::string_view realname) {
  return Make("USER", {username, "0", "*", realname});
}

Message Pass(std::string_view password) { return Make("PASS", {password}); }

Message CapLs() { return Make("CAP", {"LS", "302"}); }

Message CapEnd() { return Make("CAP", {"END"}); }

Message CapReq(std::span<const std::string> capabilities) {
  std::string list;
  for (const std::string& capability : capabilities) {
    if (!list.empty()) {
      list += ' ';
    }
    list += capability;
  }
  return Make("CAP", {"REQ", list});
}

Message Authenticate(std::string_view payload) { return Make("AUTHENTICATE", {payload}); }

Message Ping(std::string_view token) { return Make("PING", {token}); }

Message Pong(std::string_view token) { return Make("PONG", {token}); }

Message Quit(std::string_view reason) {
  return reason.empty() ? Make("QUIT", {}) : Make("QUIT", {reason});
}

}  // namespace mxedge::irc
