#include "mxedge/irc/names_reply.hpp"

#include "mxedge/common/str_cat.hpp"
#include "mxedge/irc/numerics.hpp"
#include "mxedge/irc/parser.hpp"
#include "text.hpp"

namespace mxedge::irc {

absl::StatusOr<NamesReply> ParseNamesReply(const Message& message, const ISupport& isupport) {
  if (message.Numeric() != numerics::kRplNamReply) {
    return absl::InvalidArgumentError(
        common::Cat("expected numeric 353, not ", internal::Quote(message.command)));
  }
  if (message.params.size() < 4) {
    return absl::InvalidArgumentError(
        common::Cat("RPL_NAMREPLY has ", message.params.size(), " parameters, fewer than 4"));
  }
  NamesReply reply;
  reply.channel = message.params[2];
  const std::string_view list = message.params[3];
  std::size_t pos = 0;
  while (pos < list.size()) {
    if (list[pos] == ' ') {
      ++pos;
      continue;
    }
    const std::size_t end = std::min(list.find(' ', pos), list.size());
    const std::string_view raw = list.substr(pos, end - pos);
    std::string_view entry = raw;
    pos = end;
    ChannelMember member;
    while (!entry.empty()) {
      const std::optional<char> mode = isupport.ModeForSymbol(entry.front());
      if (!mode.has_value()) {
        break;
      }
      member.modes += *mode;
      entry.remove_prefix(1);
    }
    if (entry.empty()) {
      return absl::InvalidArgumentError(
          common::Cat("RPL_NAMREPLY entry ", internal::Quote(raw), " has no nick"));
    }
    if (entry.find_first_of("!@") != std::string_view::npos) {
      absl::StatusOr<Prefix> prefix = ParsePrefix(entry);
      if (!prefix.ok()) {
        return prefix.status();
      }
      member.nick = std::move(prefix->nick);
      member.user = std::move(prefix->user);
      member.host = std::move(prefix->host);
    } else {
      member.nick = std::string(entry);
    }
    reply.members.push_back(std::move(member));
  }
  return reply;
}

}  // namespace mxedge::irc
