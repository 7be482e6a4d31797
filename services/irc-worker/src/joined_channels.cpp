#include "joined_channels.hpp"

namespace mxedge::irc_worker {
namespace {

// The non-empty names of a comma-separated list ("#a,#b").
std::vector<std::string_view> SplitList(std::string_view list) {
  std::vector<std::string_view> out;
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    if (!item.empty()) {
      out.push_back(item);
    }
    if (comma == std::string_view::npos) {
      break;
    }
    list.remove_prefix(comma + 1);
  }
  return out;
}

bool IsSelf(const irc::Message& message, std::string_view own_nick,
            const irc::CaseMapping& mapping) {
  return message.prefix && !own_nick.empty() && mapping.Equal(message.prefix->nick, own_nick);
}

}  // namespace

void JoinedChannels::Observe(const irc::Message& message, std::string_view own_nick,
                             const irc::CaseMapping& mapping) {
  if (message.IsCommand("JOIN")) {
    // "JOIN #a,#b" (some servers) or "JOIN #a account :realname" (extended-join).
    if (!IsSelf(message, own_nick, mapping) || message.params.empty()) {
      return;
    }
    for (std::string_view channel : SplitList(message.Param(0))) {
      channels_.insert_or_assign(mapping.Fold(channel), std::string(channel));
    }
    return;
  }
  if (message.IsCommand("PART")) {
    if (!IsSelf(message, own_nick, mapping) || message.params.empty()) {
      return;
    }
    for (std::string_view channel : SplitList(message.Param(0))) {
      channels_.erase(mapping.Fold(channel));
    }
    return;
  }
  if (message.IsCommand("KICK")) {
    // KICK <channel> <nick> [:reason]
    if (message.params.size() < 2 || own_nick.empty() ||
        !mapping.Equal(message.Param(1), own_nick)) {
      return;
    }
    channels_.erase(mapping.Fold(message.Param(0)));
    return;
  }
  if (message.IsCommand("QUIT") && IsSelf(message, own_nick, mapping)) {
    channels_.clear();
  }
}

bool JoinedChannels::Contains(std::string_view channel, const irc::CaseMapping& mapping) const {
  return channels_.contains(mapping.Fold(channel));
}

std::vector<std::string> JoinedChannels::List() const {
  std::vector<std::string> out;
  out.reserve(channels_.size());
  for (const auto& [folded, display] : channels_) {
    out.push_back(display);
  }
  return out;
}

}  // namespace mxedge::irc_worker
