#include "membership_event.hpp"

#include "mxedge/bridge/kick_mapping.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

using common::Cat;

namespace {

constexpr std::size_t kMaxNamesPerChannel = 100'000;

std::string_view SourceNick(const irc::Message& message) {
  return message.prefix.has_value() ? std::string_view(message.prefix->nick) : std::string_view();
}

}  // namespace

MembershipEvent MembershipReader::Event(MembershipKind kind, std::string_view channel,
                                        std::string_view nick) const {
  MembershipEvent event;
  event.kind = kind;
  event.channel = std::string(channel);
  event.nick = std::string(nick);
  event.case_mapping = isupport_.case_mapping();
  return event;
}

absl::StatusOr<std::optional<MembershipEvent>> MembershipReader::Read(const irc::Message& message) {
  const std::optional<int> numeric = message.Numeric();
  if (numeric == 5) {
    if (absl::Status s = isupport_.Apply(message); !s.ok()) {
      return s;
    }
    return std::nullopt;
  }
  if (numeric == 353) {
    absl::StatusOr<irc::NamesReply> names = irc::ParseNamesReply(message, isupport_);
    if (!names.ok()) {
      return names.status();
    }
    std::vector<irc::ChannelMember>& members =
        names_[isupport_.case_mapping().Fold(names->channel)];
    if (members.size() + names->members.size() > kMaxNamesPerChannel) {
      return absl::InvalidArgumentError(
          Cat("NAMES of ", names->channel, " lists over ", kMaxNamesPerChannel, " members"));
    }
    for (irc::ChannelMember& member : names->members) {
      members.push_back(std::move(member));
    }
    return std::nullopt;
  }
  if (numeric == 366) {
    if (message.params.size() < 2) {
      return absl::InvalidArgumentError("366 without a channel");
    }
    auto it = names_.find(isupport_.case_mapping().Fold(message.params[1]));
    MembershipEvent event = Event(MembershipKind::kNames, message.params[1], "");
    if (it != names_.end()) {
      event.members = std::move(it->second);
      names_.erase(it);
    }
    return event;
  }
  if (numeric == 332) {
    if (message.params.size() < 3) {
      return absl::InvalidArgumentError("332 needs a channel and a topic");
    }
    MembershipEvent event = Event(MembershipKind::kTopic, message.params[1], "");
    event.text = message.params[2];
    return event;
  }
  if (numeric.has_value()) {
    return std::nullopt;
  }
  const std::string_view nick = SourceNick(message);
  const bool membership = message.IsCommand("JOIN") || message.IsCommand("PART") ||
                          message.IsCommand("QUIT") || message.IsCommand("NICK") ||
                          message.IsCommand("TOPIC") || message.IsCommand("KICK") ||
                          message.IsCommand("MODE");
  if (!membership) {
    return std::nullopt;
  }
  if (nick.empty()) {
    return absl::InvalidArgumentError(Cat(message.command, " without a source nick"));
  }
  if (message.IsCommand("QUIT") || message.IsCommand("NICK")) {
    const bool quit = message.IsCommand("QUIT");
    if (!quit && message.params.empty()) {
      return absl::InvalidArgumentError("NICK without a new nick");
    }
    MembershipEvent event = Event(quit ? MembershipKind::kQuit : MembershipKind::kNick, "", nick);
    (quit ? event.text : event.target) = std::string(message.Param(0));
    return event;
  }
  if (message.IsCommand("KICK")) {
    absl::StatusOr<bridge::IrcKick> kick = bridge::ReadIrcKick(message);
    if (!kick.ok()) {
      return kick.status();
    }
    MembershipEvent event = Event(MembershipKind::kKick, kick->channel, kick->kicker_nick);
    event.target = kick->kicked_nick;
    event.text = kick->reason;
    return event;
  }
  if (message.params.empty() || message.params[0].empty()) {
    return absl::InvalidArgumentError(Cat(message.command, " without a channel"));
  }
  const std::string& channel = message.params[0];
  if (!isupport_.IsChannelName(channel)) {
    return std::nullopt;  // a user MODE
  }
  if (message.IsCommand("JOIN")) {
    return Event(MembershipKind::kJoin, channel, nick);
  }
  if (message.IsCommand("PART")) {
    MembershipEvent event = Event(MembershipKind::kPart, channel, nick);
    event.text = std::string(message.Param(1));
    return event;
  }
  if (message.IsCommand("TOPIC")) {
    if (message.params.size() < 2) {
      return absl::InvalidArgumentError("TOPIC without a topic");
    }
    MembershipEvent event = Event(MembershipKind::kTopic, channel, nick);
    event.text = message.params[1];
    return event;
  }
  absl::StatusOr<std::vector<irc::ModeChange>> changes = irc::ParseModeChanges(message, isupport_);
  if (!changes.ok()) {
    return changes.status();
  }
  MembershipEvent event = Event(MembershipKind::kMode, channel, nick);
  event.modes = *std::move(changes);
  return event;
}

}  // namespace mxedge::irc_worker
