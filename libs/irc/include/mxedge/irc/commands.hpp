#pragma once
// Messages the client sends. Each builds a Message; FormatMessage checks it (e.g. a target with a
// space, or text with a line break, is refused there, never sent).
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mxedge/irc/message.hpp"

namespace mxedge::irc {

Message Privmsg(std::string_view target, std::string_view text);
Message Notice(std::string_view target, std::string_view text);
// PRIVMSG with the CTCP ACTION wrapper ("/me text").
Message Action(std::string_view target, std::string_view text);
// TAGMSG carrying only tags (IRCv3 message-tags), e.g. "+typing=active".
Message Tagmsg(std::string_view target, std::vector<Tag> tags);
// JOIN with an optional key.
Message Join(std::string_view channel, std::string_view key = {});
// PART with an optional reason.
Message Part(std::string_view channel, std::string_view reason = {});
Message NickCommand(std::string_view nick);
// USER <username> 0 * :<realname> (RFC 2812).
Message User(std::string_view username, std::string_view realname);
Message Pass(std::string_view password);
// CAP LS 302, CAP END, CAP REQ :<caps>.
Message CapLs();
Message CapEnd();
Message CapReq(std::span<const std::string> capabilities);
Message Authenticate(std::string_view payload);
Message Ping(std::string_view token);
Message Pong(std::string_view token);
// QUIT with an optional reason.
Message Quit(std::string_view reason = {});

}  // namespace mxedge::irc
