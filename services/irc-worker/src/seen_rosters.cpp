#include "seen_rosters.hpp"

#include <utility>

#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

namespace {

void ChangeModes(std::string& modes, const irc::ModeChange& change) {
  const std::size_t at = modes.find(change.mode);
  if (change.add && at == std::string::npos) {
    modes += change.mode;
  } else if (!change.add && at != std::string::npos) {
    modes.erase(at, 1);
  }
}

}  // namespace

void SeenRosters::Apply(std::string_view network, const MembershipEvent& event) {
  const irc::CaseMapping& mapping = event.case_mapping;
  if (event.kind == MembershipKind::kQuit || event.kind == MembershipKind::kNick) {
    const std::string folded = mapping.Fold(event.nick);
    for (auto& [key, roster] : rosters_) {
      if (roster.network != network) {
        continue;
      }
      auto member = roster.members.find(folded);
      if (member == roster.members.end()) {
        continue;
      }
      std::pair<std::string, std::string> seen = std::move(member->second);
      roster.members.erase(member);
      if (event.kind == MembershipKind::kNick && !event.target.empty()) {
        seen.first = event.target;
        roster.members[roster.case_mapping.Fold(event.target)] = std::move(seen);
      }
    }
    return;
  }
  if (event.channel.empty() || event.kind == MembershipKind::kTopic) {
    return;
  }
  Roster& roster = rosters_[common::Cat(network, "\n", mapping.Fold(event.channel))];
  roster.network = std::string(network);
  roster.channel = event.channel;
  roster.case_mapping = mapping;
  switch (event.kind) {
    case MembershipKind::kNames:
      roster.members.clear();
      for (const irc::ChannelMember& member : event.members) {
        roster.members[mapping.Fold(member.nick)] = {member.nick, member.modes};
      }
      break;
    case MembershipKind::kJoin:
      roster.members[mapping.Fold(event.nick)] = {event.nick, ""};
      break;
    case MembershipKind::kPart:
      roster.members.erase(mapping.Fold(event.nick));
      break;
    case MembershipKind::kKick:
      roster.members.erase(mapping.Fold(event.target));
      break;
    case MembershipKind::kMode:
      for (const irc::ModeChange& change : event.modes) {
        if ((change.mode != 'o' && change.mode != 'v') || !change.argument.has_value()) {
          continue;
        }
        auto member = roster.members.find(mapping.Fold(*change.argument));
        if (member != roster.members.end()) {
          ChangeModes(member->second.second, change);
        }
      }
      break;
    default:
      break;
  }
}

const SeenRosters::Roster* SeenRosters::Find(std::string_view network,
                                             std::string_view channel) const {
  for (const auto& [key, roster] : rosters_) {
    if (roster.network == network && roster.case_mapping.Equal(roster.channel, channel)) {
      return &roster;
    }
  }
  return nullptr;
}

bool SeenRosters::Knows(std::string_view network, std::string_view channel) const {
  return Find(network, channel) != nullptr;
}

std::optional<std::string> SeenRosters::ModesOf(std::string_view network, std::string_view channel,
                                                std::string_view nick) const {
  const Roster* roster = Find(network, channel);
  if (roster == nullptr) {
    return std::nullopt;
  }
  auto member = roster->members.find(roster->case_mapping.Fold(nick));
  if (member == roster->members.end()) {
    return std::nullopt;
  }
  return member->second.second;
}

std::optional<std::string> SeenRosters::FindNick(
    std::string_view network, std::string_view channel,
    const std::function<bool(std::string_view)>& match) const {
  const Roster* roster = Find(network, channel);
  if (roster == nullptr) {
    return std::nullopt;
  }
  for (const auto& [folded, member] : roster->members) {
    if (match(member.first)) {
      return member.first;
    }
  }
  return std::nullopt;
}

}  // namespace mxedge::irc_worker
