#include "ghost_message_render.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "mxedge/bridge/irc_to_matrix.hpp"
#include "mxedge/irc/case_mapping.hpp"
#include "mxedge/irc/message.hpp"

namespace mxedge::irc_worker {

absl::StatusOr<GhostMessage> RenderGhostMessage(const IrcTextLine& line,
                                                bridge::FallbackCharset charset, PuppetNicks& nicks,
                                                irc::CaseMapping key_mapping) {
  irc::Message message;
  message.prefix = irc::Prefix{
      .nick = std::string(line.source.substr(0, line.source.find('!'))), .user = "", .host = ""};
  message.command = std::string(line.command);
  message.params = {std::string(line.target), std::string(line.text)};
  absl::StatusOr<bridge::IrcChatLine> chat = bridge::ReadIrcChatLine(message, charset);
  if (!chat.ok()) {
    return chat.status();
  }
  absl::Status lookup_error;
  std::map<std::string, std::optional<std::string>, std::less<>> seen;
  const bridge::PuppetLookup lookup =
      [&](std::string_view folded_nick) -> std::optional<std::string> {
    if (auto it = seen.find(folded_nick); it != seen.end()) {
      return it->second;
    }
    absl::StatusOr<std::optional<std::string>> puppet = nicks.Lookup(line.network, folded_nick);
    if (!puppet.ok()) {
      lookup_error.Update(puppet.status());
      return std::nullopt;
    }
    seen.emplace(std::string(folded_nick), *puppet);
    return *puppet;
  };
  const nlohmann::json content =
      bridge::RenderIrcText(chat->msgtype, chat->text, lookup, key_mapping);
  if (!lookup_error.ok()) {
    return lookup_error;
  }
  GhostMessage rendered;
  rendered.msgtype = content.value("msgtype", "m.text");
  rendered.body = content.value("body", "");
  rendered.formatted_body = content.value("formatted_body", "");
  if (auto mentions = content.find("m.mentions"); mentions != content.end()) {
    for (const nlohmann::json& id : mentions->value("user_ids", nlohmann::json::array())) {
      if (id.is_string()) {
        rendered.mentions.push_back(id.get<std::string>());
      }
    }
  }
  return rendered;
}

}  // namespace mxedge::irc_worker
