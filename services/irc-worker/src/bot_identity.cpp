#include "bot_identity.hpp"

#include "mxedge/bridge/portal_alias_namer.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {
namespace {

bool IsLocalpartChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '=' ||
         c == '-' || c == '/';
}

}  // namespace

absl::StatusOr<std::string> RenderBotLocalpart(std::string_view bot_localpart,
                                               std::string_view network) {
  std::string out;
  for (std::size_t i = 0; i < bot_localpart.size();) {
    if (bot_localpart.substr(i).starts_with("$NETWORK")) {
      out += network;
      i += 8;
      continue;
    }
    const char c = bot_localpart[i];
    if (c == '$') {
      return absl::InvalidArgumentError("only $NETWORK may be used in the bot's localpart");
    }
    out += c;
    ++i;
  }
  if (out.empty()) {
    return absl::InvalidArgumentError("the bot's localpart is empty");
  }
  for (char c : out) {
    if (!IsLocalpartChar(c)) {
      return absl::InvalidArgumentError(common::Cat(
          "\"", out, "\" is not a Matrix localpart (a-z, 0-9, '.', '_', '=', '-', '/')"));
    }
  }
  return out;
}

absl::StatusOr<std::string> BotUserId(std::string_view bot_localpart, std::string_view network,
                                      std::string_view server_name) {
  absl::StatusOr<std::string> localpart = RenderBotLocalpart(bot_localpart, network);
  if (!localpart.ok()) {
    return localpart.status();
  }
  return common::Cat("@", *localpart, ":", server_name);
}

absl::StatusOr<std::string> PortalAliasLocalpartTemplate(std::string_view alias_template) {
  if (!alias_template.starts_with('#') || alias_template.find(':') != std::string_view::npos) {
    return absl::InvalidArgumentError("must be #<localpart> with $NETWORK and $CHANNEL");
  }
  std::string localpart(alias_template.substr(1));
  if (absl::StatusOr<bridge::PortalAliasNamer> namer =
          bridge::PortalAliasNamer::Create(localpart, "localhost");
      !namer.ok()) {
    return namer.status();
  }
  return localpart;
}

}  // namespace mxedge::irc_worker
