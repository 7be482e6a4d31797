#pragma once
// IRC PRIVMSG / NOTICE / CTCP ACTION → Matrix m.room.message content.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "mxedge/bridge/charset.hpp"
#include "mxedge/irc/case_mapping.hpp"
#include "mxedge/irc/message.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::bridge {

enum class MatrixMsgtype { kText, kNotice, kEmote };

// A PRIVMSG or NOTICE as the bridge reads it.
struct IrcChatLine {
  std::string sender;  // nick
  std::string target;  // channel, or our nick for a PM
  MatrixMsgtype msgtype = MatrixMsgtype::kText;
  std::string text;  // UTF-8, still with IRC formatting codes, without the CTCP wrapper
};

// Reads a PRIVMSG or NOTICE: PRIVMSG → m.text, NOTICE → m.notice, PRIVMSG "\x01ACTION …\x01"
// → m.emote; the text decoded with `fallback` when it is not UTF-8. NotFoundError for other
// CTCPs (VERSION, PING, …: answered by the connection, never bridged) and CTCP replies in
// NOTICEs; InvalidArgumentError for another command, no source nick, or fewer than 2
// parameters.
absl::StatusOr<IrcChatLine> ReadIrcChatLine(const irc::Message& message,
                                            FallbackCharset fallback = FallbackCharset::kLatin1);

// The Matrix user id whose puppet uses a nick (given folded), or nullopt.
using PuppetLookup = std::function<std::optional<std::string>(std::string_view folded_nick)>;

// Message content for `text`: body without formatting codes; formatted_body (IrcToMatrix HTML)
// only when the text had formatting or a mention. A word (a maximal run of nick characters)
// that names a puppet under `case_mapping` becomes a pill
// <a href="https://matrix.to/#/@user:hs">word</a>, and the user is listed in m.mentions.
nlohmann::json RenderIrcText(MatrixMsgtype msgtype, std::string_view text,
                             const PuppetLookup& lookup, const irc::CaseMapping& case_mapping);

}  // namespace mxedge::bridge
