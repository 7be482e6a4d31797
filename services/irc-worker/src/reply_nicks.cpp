#include "reply_nicks.hpp"

#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {
namespace {

constexpr std::string_view kNetworkVar = "$NETWORK";
constexpr std::string_view kNickVar = "$NICK";

std::string ReplaceAll(std::string text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

}  // namespace

std::optional<std::string> ReplyFallbackSender(std::string_view body) {
  constexpr std::string_view kQuote = "> <";
  if (!body.starts_with(kQuote)) {
    return std::nullopt;
  }
  std::string_view rest = body.substr(kQuote.size());
  rest = rest.substr(0, rest.find('\n'));
  const std::size_t close = rest.find('>');
  if (close == std::string_view::npos) {
    return std::nullopt;
  }
  std::string_view id = rest.substr(0, close);
  const std::size_t colon = id.find(':');
  if (id.size() < 4 || id[0] != '@' || colon == std::string_view::npos || colon < 2 ||
      colon + 1 == id.size() || id.find(' ') != std::string_view::npos) {
    return std::nullopt;
  }
  return std::string(id);
}

ReplyNicks::ReplyNicks(std::map<std::string, std::string, std::less<>> ghost_templates,
                       std::string server_name, PuppetNick puppet_nick)
    : ghost_templates_(std::move(ghost_templates)),
      server_name_(std::move(server_name)),
      puppet_nick_(std::move(puppet_nick)) {}

std::optional<std::string> ReplyNicks::NickOf(std::string_view network,
                                              std::string_view mxid) const {
  auto tmpl = ghost_templates_.find(network);
  const std::size_t colon = mxid.find(':');
  if (tmpl == ghost_templates_.end() || !mxid.starts_with('@') || colon == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view localpart = mxid.substr(1, colon - 1);
  const std::string_view server = mxid.substr(colon + 1);
  const std::string filled = ReplaceAll(tmpl->second, kNetworkVar, network);
  const std::size_t nick_at = filled.find(kNickVar);
  if (server == server_name_ && nick_at != std::string::npos) {
    const std::string_view prefix = std::string_view(filled).substr(0, nick_at);
    const std::string_view suffix = std::string_view(filled).substr(nick_at + kNickVar.size());
    if (localpart.size() > prefix.size() + suffix.size() && localpart.starts_with(prefix) &&
        localpart.ends_with(suffix)) {
      return std::string(
          localpart.substr(prefix.size(), localpart.size() - prefix.size() - suffix.size()));
    }
  }
  return puppet_nick_(network, mxid);
}

}  // namespace mxedge::irc_worker
