#include "mxedge/bridge/irc_to_matrix.hpp"

#include <set>

#include "mxedge/common/html_escape.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/irc/ctcp.hpp"
#include "mxedge/irc/formatting.hpp"

namespace mxedge::bridge {
namespace {

bool IsNickChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("[]\\`_^{|}-").find(c) != std::string_view::npos;
}

// Replaces nick words in the text parts of `html` (outside tags and entities) with pills.
std::string AddPills(std::string_view html, const PuppetLookup& lookup,
                     const irc::CaseMapping& case_mapping, std::set<std::string>& mentioned) {
  std::string out;
  std::size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '<') {
      const std::size_t end = html.find('>', i);
      const std::size_t stop = end == std::string_view::npos ? html.size() : end + 1;
      out.append(html.substr(i, stop - i));
      i = stop;
      continue;
    }
    if (c == '&') {
      const std::size_t end = html.find(';', i);
      const std::size_t stop = end == std::string_view::npos ? html.size() : end + 1;
      out.append(html.substr(i, stop - i));
      i = stop;
      continue;
    }
    if (!IsNickChar(c)) {
      out.push_back(c);
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < html.size() && IsNickChar(html[end])) {
      ++end;
    }
    const std::string_view word = html.substr(i, end - i);
    if (std::optional<std::string> user = lookup(case_mapping.Fold(word)); user.has_value()) {
      out += common::Cat("<a href=\"https://matrix.to/#/", common::EscapeHtml(*user), "\">", word,
                         "</a>");
      mentioned.insert(*user);
    } else {
      out.append(word);
    }
    i = end;
  }
  return out;
}

}  // namespace

absl::StatusOr<IrcChatLine> ReadIrcChatLine(const irc::Message& message, FallbackCharset fallback) {
  const bool privmsg = message.IsCommand("PRIVMSG");
  if (!privmsg && !message.IsCommand("NOTICE")) {
    return absl::InvalidArgumentError(common::Cat("not a PRIVMSG or NOTICE: ", message.command));
  }
  if (!message.prefix.has_value() || message.prefix->nick.empty()) {
    return absl::InvalidArgumentError(common::Cat(message.command, " without a source nick"));
  }
  if (message.params.size() < 2) {
    return absl::InvalidArgumentError(common::Cat(message.command, " needs a target and text"));
  }
  IrcChatLine line{.sender = message.prefix->nick,
                   .target = message.params[0],
                   .msgtype = privmsg ? MatrixMsgtype::kText : MatrixMsgtype::kNotice};
  const std::string& text = message.params[1];
  if (std::optional<irc::Ctcp> ctcp = irc::ParseCtcp(text); ctcp.has_value()) {
    if (!privmsg || ctcp->command != "ACTION") {
      return absl::NotFoundError(common::Cat("CTCP ", ctcp->command, " is not bridged"));
    }
    line.msgtype = MatrixMsgtype::kEmote;
    line.text = DecodeIrcText(ctcp->params, fallback);
    return line;
  }
  line.text = DecodeIrcText(text, fallback);
  return line;
}

nlohmann::json RenderIrcText(MatrixMsgtype msgtype, std::string_view text,
                             const PuppetLookup& lookup, const irc::CaseMapping& case_mapping) {
  // Callers pass decoded text; decoding again costs one scan and keeps the JSON valid UTF-8.
  const irc::MatrixText converted = irc::IrcToMatrix(DecodeIrcText(text, FallbackCharset::kLatin1));
  nlohmann::json content = {{"msgtype", msgtype == MatrixMsgtype::kEmote    ? "m.emote"
                                        : msgtype == MatrixMsgtype::kNotice ? "m.notice"
                                                                            : "m.text"},
                            {"body", converted.body}};
  std::set<std::string> mentioned;
  const std::string html =
      AddPills(converted.formatted_body.value_or(common::EscapeHtml(converted.body)), lookup,
               case_mapping, mentioned);
  if (converted.formatted_body.has_value() || !mentioned.empty()) {
    content["format"] = "org.matrix.custom.html";
    content["formatted_body"] = html;
  }
  content["m.mentions"] = nlohmann::json::object();
  if (!mentioned.empty()) {
    content["m.mentions"]["user_ids"] = mentioned;
  }
  return content;
}

}  // namespace mxedge::bridge
