#include "bot_presence.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

using common::Cat;

namespace {

constexpr std::size_t kMaxNamesLine = 400;

std::string Key(std::string_view network, std::string_view folded_channel) {
  return Cat(network, "\n", folded_channel);
}

void Keep(absl::Status& first, absl::Status next) {
  if (first.ok() && !next.ok()) {
    first = std::move(next);
  }
}

}  // namespace

BotPresence::BotPresence(PuppetNicks& nicks, PuppetLines& lines, ChannelReceivers& receivers,
                         std::string worker_id,
                         std::map<std::string, ChannelMapping, std::less<>> channels,
                         std::map<std::string, BotPresenceNetwork, std::less<>> networks,
                         std::chrono::milliseconds poll)
    : nicks_(nicks),
      lines_(lines),
      receivers_(receivers),
      worker_id_(std::move(worker_id)),
      channels_(std::move(channels)),
      networks_(std::move(networks)),
      poll_(poll) {}

bool BotPresence::Applies(const ConnectionKey& key) const {
  auto it = networks_.find(key.network);
  return it != networks_.end() && it->second.leaves_when_puppets && it->second.bot_mxid == key.mxid;
}

bool BotPresence::Mapped(std::string_view network, std::string_view channel) const {
  auto it = channels_.find(network);
  return it != channels_.end() && it->second.RoomOf(channel).has_value();
}

absl::StatusOr<bool> BotPresence::IsPuppet(const ConnectionKey& key, std::string_view nick) {
  const BotPresenceNetwork& net = networks_.find(key.network)->second;
  absl::StatusOr<std::optional<std::string>> puppet =
      nicks_.Lookup(key.network, net.key_mapping.Fold(nick));
  if (!puppet.ok()) {
    return puppet.status();
  }
  return puppet->has_value() && **puppet != key.mxid;
}

BotPresence::Channel& BotPresence::ChannelFor(std::string_view network,
                                              const MembershipEvent& event) {
  const std::string key = Key(network, event.case_mapping.Fold(event.channel));
  auto it = tracked_.find(key);
  if (it == tracked_.end()) {
    it = tracked_
             .emplace(
                 key,
                 Channel{event.channel,
                         event.case_mapping,
                         BotChannelPresence(networks_.find(network)->second.leaves_when_puppets),
                         {},
                         {}})
             .first;
  }
  return it->second;
}

absl::Status BotPresence::Send(const ConnectionKey& key, std::string line) {
  const std::string network = key.network;
  return lines_.Send(key.network, key.mxid, std::move(line), [network](absl::Status s) {
    if (!s.ok()) {
      common::LogWarn("bridge bot line not sent", {{"network", network}, {"error", s.ToString()}});
    }
  });
}

absl::Status BotPresence::Act(const ConnectionKey& key, Channel& channel, BotPresenceAction action,
                              TimePoint now) {
  switch (action) {
    case BotPresenceAction::kPart:
      common::LogInfo("bridge bot leaves a channel its puppets receive",
                      {{"network", key.network}, {"channel", channel.name}});
      channel.puppets.clear();
      channel.next_poll = now + poll_;
      return Send(key, Cat("PART ", channel.name));
    case BotPresenceAction::kJoin:
      common::LogInfo("bridge bot joins a channel without puppets",
                      {{"network", key.network},
                       {"channel", channel.name},
                       {"pinned", channel.presence.pinned()}});
      return Send(key, Cat("JOIN ", channel.name));
    case BotPresenceAction::kNone:
      break;
  }
  return absl::OkStatus();
}

absl::Status BotPresence::Apply(const ConnectionKey& key, std::string_view own_nick,
                                const MembershipEvent& event, TimePoint now) {
  if (!Applies(key)) {
    return absl::OkStatus();
  }
  std::lock_guard lock(mu_);
  const irc::CaseMapping& mapping = event.case_mapping;
  if (event.kind == MembershipKind::kQuit || event.kind == MembershipKind::kNick) {
    const std::string old_folded = mapping.Fold(event.nick);
    for (auto& [tracked_key, channel] : tracked_) {
      if (!tracked_key.starts_with(Cat(key.network, "\n")) || !channel.puppets.erase(old_folded)) {
        continue;
      }
      if (event.kind == MembershipKind::kNick) {
        channel.puppets.insert(mapping.Fold(event.target));
      }
    }
    return absl::OkStatus();
  }
  if (event.channel.empty() || !Mapped(key.network, event.channel)) {
    return absl::OkStatus();
  }
  Channel& channel = ChannelFor(key.network, event);
  absl::Status first;
  switch (event.kind) {
    case MembershipKind::kNames: {
      std::set<std::string> puppets;
      for (const irc::ChannelMember& member : event.members) {
        if (mapping.Equal(member.nick, own_nick)) {
          continue;
        }
        absl::StatusOr<bool> puppet = IsPuppet(key, member.nick);
        if (!puppet.ok()) {
          return puppet.status();  // unknown: nothing decided on a partial count
        }
        if (*puppet) {
          puppets.insert(mapping.Fold(member.nick));
        }
      }
      const bool listed_self =
          std::any_of(event.members.begin(), event.members.end(),
                      [&](const irc::ChannelMember& m) { return mapping.Equal(m.nick, own_nick); });
      if (channel.presence.inside() || listed_self) {
        channel.puppets = std::move(puppets);
        return Act(key, channel, channel.presence.OnInside(channel.puppets.size()), now);
      }
      const BotPresenceAction action =
          channel.presence.OnOutside(event.members.size(), puppets.size());
      channel.next_poll = now + poll_;
      return Act(key, channel, action, now);
    }
    case MembershipKind::kJoin: {
      if (mapping.Equal(event.nick, own_nick)) {
        return absl::OkStatus();  // NAMES follows
      }
      absl::StatusOr<bool> puppet = IsPuppet(key, event.nick);
      if (!puppet.ok()) {
        return puppet.status();
      }
      if (!*puppet) {
        return absl::OkStatus();
      }
      channel.puppets.insert(mapping.Fold(event.nick));
      return Act(key, channel, channel.presence.OnInside(channel.puppets.size()), now);
    }
    case MembershipKind::kPart:
    case MembershipKind::kKick: {
      const std::string& who = event.kind == MembershipKind::kPart ? event.nick : event.target;
      if (mapping.Equal(who, own_nick)) {
        if (channel.presence.inside()) {
          channel.presence.OnLeft();  // not a PART of ours
          channel.puppets.clear();
          channel.next_poll = now + poll_;
        }
        // Out of the channel: no more of its lines reach this connection.
        const irc::CaseMapping& keys = networks_.find(key.network)->second.key_mapping;
        absl::StatusOr<bool> released = receivers_.Release(key.network, keys.Fold(channel.name),
                                                           Receiver{worker_id_, key.mxid});
        return released.status();
      }
      channel.puppets.erase(mapping.Fold(who));
      return first;
    }
    default:
      return first;
  }
}

void BotPresence::Reset(const ConnectionKey& key) {
  if (!Applies(key)) {
    return;
  }
  std::lock_guard lock(mu_);
  const std::string prefix = Cat(key.network, "\n");
  for (auto it = tracked_.begin(); it != tracked_.end();) {
    it = it->first.starts_with(prefix) ? tracked_.erase(it) : std::next(it);
  }
}

absl::Status BotPresence::Tick(TimePoint now) {
  std::map<std::string, std::vector<std::string>> due;  // network → channels
  {
    std::lock_guard lock(mu_);
    for (auto& [key, channel] : tracked_) {
      if (channel.presence.polling() && channel.next_poll <= now) {
        due[key.substr(0, key.find('\n'))].push_back(channel.name);
        channel.next_poll = now + poll_;
      }
    }
  }
  absl::Status first;
  for (const auto& [network, names] : due) {
    const ConnectionKey bot{network, networks_.at(network).bot_mxid};
    std::string line;
    for (const std::string& name : names) {
      if (!line.empty() && line.size() + 1 + name.size() > kMaxNamesLine) {
        Keep(first, Send(bot, std::exchange(line, "")));
      }
      line = line.empty() ? Cat("NAMES ", name) : Cat(line, ",", name);
    }
    if (!line.empty()) {
      Keep(first, Send(bot, std::move(line)));
    }
  }
  return first;
}

std::optional<BotPresence::TimePoint> BotPresence::NextDeadline() const {
  std::lock_guard lock(mu_);
  std::optional<TimePoint> next;
  for (const auto& [key, channel] : tracked_) {
    if (channel.presence.polling() && (!next.has_value() || channel.next_poll < *next)) {
      next = channel.next_poll;
    }
  }
  return next;
}

std::optional<bool> BotPresence::Inside(std::string_view network, std::string_view channel) const {
  std::lock_guard lock(mu_);
  for (const auto& [key, tracked] : tracked_) {
    if (key.starts_with(Cat(network, "\n")) && tracked.case_mapping.Equal(tracked.name, channel)) {
      return tracked.presence.inside();
    }
  }
  return std::nullopt;
}

}  // namespace mxedge::irc_worker
