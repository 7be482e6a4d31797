#include "irc_membership.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

#include "irc_to_matrix.hpp"
#include "mxedge/bridge/ghost_join_plan.hpp"
#include "mxedge/bridge/power_levels.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"
#include "power_level_limit.hpp"

namespace mxedge::irc_worker {

using common::Cat;
using nlohmann::json;

namespace {

std::string Key(std::string_view network, std::string_view folded) {
  return Cat(network, "\n", folded);
}

void Keep(absl::Status& first, absl::Status next) {
  if (first.ok() && !next.ok()) {
    first = std::move(next);
  }
}

std::string Dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

void ApplyMembershipModes(std::string& modes, const irc::ModeChange& change) {
  const std::size_t at = modes.find(change.mode);
  if (change.add && at == std::string::npos) {
    modes += change.mode;
  } else if (!change.add && at != std::string::npos) {
    modes.erase(at, 1);
  }
}

}  // namespace

IrcMembership::IrcMembership(PuppetNicks& nicks, ChannelReceivers& receivers, RoomMembers& members,
                             RoomState& state,
                             std::map<std::string, ChannelMapping, std::less<>> channels,
                             IrcMembershipOptions options)
    : nicks_(nicks),
      receivers_(receivers),
      members_(members),
      state_(state),
      channels_(std::move(channels)),
      options_(std::move(options)) {
  for (const auto& [network, settings] : options_.networks) {
    debouncers_.emplace(
        network, bridge::QuitDebouncer(settings.quit_debounce_burst, settings.quit_debounce_hold));
  }
}

const IrcMembershipNetwork* IrcMembership::Network(std::string_view network) const {
  auto it = options_.networks.find(network);
  return it == options_.networks.end() ? nullptr : &it->second;
}

std::optional<std::string> IrcMembership::RoomOf(std::string_view network,
                                                 std::string_view channel) {
  auto it = channels_.find(network);
  if (it == channels_.end()) {
    return std::nullopt;
  }
  return it->second.RoomOf(channel);
}

absl::StatusOr<bool> IrcMembership::IsReceiver(std::string_view network, std::string_view channel,
                                               std::string_view mxid, TimePoint) {
  absl::StatusOr<ReceiverClaim> claim = receivers_.TryAcquire(
      network, Network(network)->key_mapping.Fold(channel),
      Receiver{options_.worker_id, std::string(mxid)}, options_.receiver_lease);
  if (!claim.ok()) {
    return claim.status();
  }
  return claim->acquired;
}

absl::StatusOr<std::optional<std::string>> IrcMembership::PuppetOf(std::string_view network,
                                                                   std::string_view nick) {
  return nicks_.Lookup(network, Network(network)->key_mapping.Fold(nick));
}

std::string IrcMembership::Ghost(std::string_view network, std::string_view nick) const {
  const IrcMembershipNetwork* net = Network(network);
  return GhostUserId(net != nullptr ? std::string_view(net->ghost_template) : "irc_$NETWORK_$NICK",
                     network, nick, options_.server_name);
}

IrcMembership::Roster& IrcMembership::RosterFor(std::string_view network,
                                                const MembershipEvent& event,
                                                const std::string& room_id) {
  Roster& roster = rosters_[Key(network, event.case_mapping.Fold(event.channel))];
  roster.network = std::string(network);
  roster.channel = event.channel;
  roster.room_id = room_id;
  roster.case_mapping = event.case_mapping;
  return roster;
}

absl::Status IrcMembership::Apply(std::string_view network, std::string_view receiver_mxid,
                                  const MembershipEvent& event, TimePoint now) {
  if (Network(network) == nullptr) {
    return absl::OkStatus();
  }
  std::lock_guard lock(mu_);
  seen_.Apply(network, event);
  if (event.kind == MembershipKind::kQuit) {
    return OnQuit(network, receiver_mxid, event, now);
  }
  if (event.kind == MembershipKind::kNick) {
    return OnNick(network, receiver_mxid, event, now);
  }
  std::optional<std::string> room = RoomOf(network, event.channel);
  if (!room.has_value()) {
    return absl::OkStatus();
  }
  absl::StatusOr<bool> receiver = IsReceiver(network, event.channel, receiver_mxid, now);
  if (!receiver.ok()) {
    return receiver.status();
  }
  if (!*receiver) {
    return absl::OkStatus();
  }
  Roster& roster = RosterFor(network, event, *room);
  switch (event.kind) {
    case MembershipKind::kNames:
      return OnNames(network, roster, event, now);
    case MembershipKind::kJoin:
      return OnJoin(network, roster, event);
    case MembershipKind::kPart:
      return OnPart(network, roster, event);
    case MembershipKind::kKick:
      return OnKick(network, roster, event);
    case MembershipKind::kMode:
      return OnMode(network, roster, event);
    case MembershipKind::kTopic:
      return OnTopic(network, roster, event);
    default:
      return absl::OkStatus();
  }
}

absl::Status IrcMembership::OnNames(std::string_view network, Roster& roster,
                                    const MembershipEvent& event, TimePoint now) {
  roster.members.clear();
  std::set<std::string> puppets;
  absl::Status first;
  std::vector<irc::ModeChange> modes;
  for (const irc::ChannelMember& member : event.members) {
    const std::string folded = roster.case_mapping.Fold(member.nick);
    roster.members[folded] = Member{member.nick, member.modes};
    absl::StatusOr<std::optional<std::string>> puppet = PuppetOf(network, member.nick);
    if (!puppet.ok()) {
      Keep(first, puppet.status());
      puppets.insert(folded);  // unknown: no ghost rather than a ghost of our own user
      continue;
    }
    if (puppet->has_value()) {
      puppets.insert(folded);
      roster.members[folded].puppet = **puppet;
    }
    for (char mode : member.modes) {
      modes.push_back({.add = true, .mode = mode, .argument = member.nick});
    }
  }
  const irc::CaseMapping mapping = roster.case_mapping;
  std::vector<bridge::GhostJoin> plan = bridge::PlanGhostJoins(
      event.members, [&](std::string_view nick) { return puppets.contains(mapping.Fold(nick)); },
      Network(network)->ghost_join_rate);
  for (bridge::GhostJoin& join : plan) {
    pending_joins_.emplace(now + join.delay,
                           PendingJoin{std::string(network), roster.room_id, std::move(join.nick)});
  }
  if (!modes.empty()) {
    // The levels for the modes NAMES listed, as if each was set now on a member without any.
    std::map<std::string, std::string> saved;
    for (auto& [folded, member] : roster.members) {
      saved[folded] = std::exchange(member.modes, "");
    }
    Keep(first, ApplyModes(network, roster, modes));
    for (auto& [folded, member] : roster.members) {
      member.modes = saved[folded];
    }
  }
  return first;
}

absl::Status IrcMembership::OnJoin(std::string_view network, Roster& roster,
                                   const MembershipEvent& event) {
  const std::string folded = roster.case_mapping.Fold(event.nick);
  roster.members[folded] = Member{event.nick, ""};
  auto debouncer = debouncers_.find(network);
  if (debouncer != debouncers_.end() && debouncer->second.OnJoin(event.nick)) {
    held_.erase(Key(network, irc::CaseMapping().Fold(event.nick)));
    return absl::OkStatus();  // back from a netsplit: the ghost never left
  }
  absl::StatusOr<std::optional<std::string>> puppet = PuppetOf(network, event.nick);
  if (!puppet.ok()) {
    return puppet.status();
  }
  if (puppet->has_value()) {
    roster.members[folded].puppet = **puppet;
    return absl::OkStatus();
  }
  return JoinGhost(network, roster.room_id, event.nick);
}

absl::Status IrcMembership::OnPart(std::string_view network, Roster& roster,
                                   const MembershipEvent& event) {
  roster.members.erase(roster.case_mapping.Fold(event.nick));
  absl::StatusOr<std::optional<std::string>> puppet = PuppetOf(network, event.nick);
  if (!puppet.ok()) {
    return puppet.status();
  }
  if (puppet->has_value()) {
    return absl::OkStatus();
  }
  return members_.Leave(Ghost(network, event.nick), roster.room_id, event.text);
}

absl::Status IrcMembership::OnKick(std::string_view network, Roster& roster,
                                   const MembershipEvent& event) {
  roster.members.erase(roster.case_mapping.Fold(event.target));
  absl::StatusOr<std::optional<std::string>> puppet = PuppetOf(network, event.target);
  if (!puppet.ok()) {
    return puppet.status();
  }
  const std::string target = puppet->has_value() ? **puppet : Ghost(network, event.target);
  return members_.Kick(Network(network)->bot_user_id, roster.room_id, target, event.text);
}

absl::Status IrcMembership::OnMode(std::string_view network, Roster& roster,
                                   const MembershipEvent& event) {
  return ApplyModes(network, roster, event.modes);
}

absl::Status IrcMembership::ApplyModes(std::string_view network, Roster& roster,
                                       const std::vector<irc::ModeChange>& changes) {
  const std::string& bot = Network(network)->bot_user_id;
  const bridge::RoomSettingsChange settings = bridge::ApplyChannelModes(changes, roster.flags);
  std::vector<irc::ModeChange> membership;
  for (const irc::ModeChange& change : changes) {
    if ((change.mode == 'o' || change.mode == 'v') && change.argument.has_value()) {
      membership.push_back(change);
    }
  }
  absl::Status first;
  if (!membership.empty() || settings.events_default.has_value()) {
    const StateKey key{roster.room_id, "m.room.power_levels", ""};
    absl::StatusOr<std::string> current = state_.GetState(bot, key);
    json levels = json::object();
    if (current.ok()) {
      levels = json::parse(*current, nullptr, false);
      if (levels.is_discarded() || !levels.is_object()) {
        levels = json::object();
      }
    } else if (!absl::IsNotFound(current.status())) {
      Keep(first, current.status());
    }
    if (first.ok()) {
      const irc::CaseMapping mapping = roster.case_mapping;
      std::optional<json> updated = bridge::PowerLevelsForModes(
          membership, levels,
          [&](std::string_view nick) -> std::optional<std::string> {
            absl::StatusOr<std::optional<std::string>> puppet = PuppetOf(network, nick);
            if (puppet.ok() && puppet->has_value()) {
              return **puppet;
            }
            return Ghost(network, nick);
          },
          [&](std::string_view nick) {
            auto it = roster.members.find(mapping.Fold(nick));
            return it == roster.members.end() ? std::string() : it->second.modes;
          });
      json next = updated.value_or(levels);
      if (current.ok()) {
        // The bot writes the event: what it may not change would make the homeserver refuse it.
        next = LimitPowerLevelsToSender(levels, std::move(next), bot);
      }
      if (settings.events_default.has_value()) {
        next["events_default"] = *settings.events_default;
      }
      if (next != levels) {
        Keep(first, state_.SetState(bot, key, Dump(next)).status());
      }
    }
  }
  if (settings.join_rule.has_value()) {
    Keep(first, state_
                    .SetState(bot, {roster.room_id, "m.room.join_rules", ""},
                              Dump(json{{"join_rule", *settings.join_rule}}))
                    .status());
  }
  for (const irc::ModeChange& change : membership) {
    auto it = roster.members.find(roster.case_mapping.Fold(*change.argument));
    if (it != roster.members.end()) {
      ApplyMembershipModes(it->second.modes, change);
    }
  }
  return first;
}

absl::Status IrcMembership::OnTopic(std::string_view network, Roster& roster,
                                    const MembershipEvent& event) {
  const std::string& bot = Network(network)->bot_user_id;
  std::string as_user = bot;
  if (!event.nick.empty()) {
    absl::StatusOr<std::optional<std::string>> puppet = PuppetOf(network, event.nick);
    if (!puppet.ok()) {
      return puppet.status();
    }
    if (puppet->has_value()) {
      return absl::OkStatus();  // set from Matrix through the puppet
    }
    as_user = Ghost(network, event.nick);
  }
  const StateKey key{roster.room_id, "m.room.topic", ""};
  absl::StatusOr<std::string> current = state_.GetState(bot, key);
  if (current.ok()) {
    json shown = json::parse(*current, nullptr, false);
    if (shown.is_object() && shown.value("topic", json()) == json(event.text)) {
      return absl::OkStatus();
    }
  } else if (!absl::IsNotFound(current.status())) {
    return current.status();
  }
  const std::string content = Dump(json{{"topic", event.text}});
  absl::StatusOr<std::string> set = state_.SetState(as_user, key, content);
  if (absl::IsFailedPrecondition(set.status()) && as_user != bot) {
    set = state_.SetState(bot, key, content);  // the ghost may not set the topic
  }
  return set.status();
}

absl::Status IrcMembership::OnQuit(std::string_view network, std::string_view mxid,
                                   const MembershipEvent& event, TimePoint now) {
  const std::string folded = event.case_mapping.Fold(event.nick);
  std::vector<std::string> rooms;
  absl::Status first;
  for (auto& [key, roster] : rosters_) {
    if (roster.network != network || !roster.members.contains(folded)) {
      continue;
    }
    absl::StatusOr<bool> receiver = IsReceiver(network, roster.channel, mxid, now);
    if (!receiver.ok()) {
      Keep(first, receiver.status());
      continue;
    }
    if (*receiver) {
      roster.members.erase(folded);
      rooms.push_back(roster.room_id);
    }
  }
  if (rooms.empty()) {
    return first;
  }
  absl::StatusOr<std::optional<std::string>> puppet = PuppetOf(network, event.nick);
  if (!puppet.ok() || puppet->has_value()) {
    Keep(first, puppet.status());
    return first;
  }
  HeldRooms& held = held_[Key(network, irc::CaseMapping().Fold(event.nick))];
  for (std::string& room : rooms) {
    if (std::find(held.room_ids.begin(), held.room_ids.end(), room) == held.room_ids.end()) {
      held.room_ids.push_back(std::move(room));
    }
  }
  auto debouncer = debouncers_.find(network);
  std::vector<bridge::HeldQuit> due =
      debouncer->second.OnQuit(event.nick, Cat("Quit: ", event.text), now);
  if (debouncer->second.held() > 0) {
    const TimePoint flush = now + Network(network)->quit_debounce_hold;
    next_flush_ = next_flush_.has_value() ? std::min(*next_flush_, flush) : flush;
  }
  for (const bridge::HeldQuit& quit : due) {
    auto it = held_.find(Key(network, irc::CaseMapping().Fold(quit.nick)));
    if (it == held_.end()) {
      continue;
    }
    Keep(first, LeaveRooms(network, quit.nick, it->second.room_ids, quit.reason));
    held_.erase(it);
  }
  return first;
}

absl::Status IrcMembership::OnNick(std::string_view network, std::string_view mxid,
                                   const MembershipEvent& event, TimePoint now) {
  const std::string old_folded = event.case_mapping.Fold(event.nick);
  const std::string new_folded = event.case_mapping.Fold(event.target);
  std::vector<std::string> rooms;
  absl::Status first;
  for (auto& [key, roster] : rosters_) {
    auto member = roster.members.find(old_folded);
    if (roster.network != network || member == roster.members.end()) {
      continue;
    }
    absl::StatusOr<bool> receiver = IsReceiver(network, roster.channel, mxid, now);
    if (!receiver.ok()) {
      Keep(first, receiver.status());
      continue;
    }
    if (*receiver) {
      Member renamed{event.target, member->second.modes, ""};
      roster.members.erase(member);
      roster.members[new_folded] = std::move(renamed);
      rooms.push_back(roster.room_id);
    }
  }
  if (rooms.empty()) {
    return first;
  }
  for (std::string_view nick : {std::string_view(event.nick), std::string_view(event.target)}) {
    absl::StatusOr<std::optional<std::string>> puppet = PuppetOf(network, nick);
    if (!puppet.ok() || puppet->has_value()) {
      Keep(first, puppet.status());
      return first;  // one of our puppets renamed itself: not a ghost
    }
  }
  Keep(first, LeaveRooms(network, event.nick, rooms, Cat("Changed nick to ", event.target)));
  for (const std::string& room : rooms) {
    Keep(first, JoinGhost(network, room, event.target));
  }
  return first;
}

absl::Status IrcMembership::JoinGhost(std::string_view network, std::string_view room_id,
                                      std::string_view nick) {
  const std::string ghost = Ghost(network, nick);
  if (absl::Status s = members_.Join(ghost, room_id); !s.ok()) {
    return s;
  }
  if (named_.contains(ghost)) {
    return absl::OkStatus();
  }
  if (absl::Status s = members_.SetDisplayName(ghost, nick); !s.ok()) {
    return s;
  }
  named_.insert(ghost);
  return absl::OkStatus();
}

absl::Status IrcMembership::LeaveRooms(std::string_view network, std::string_view nick,
                                       const std::vector<std::string>& room_ids,
                                       std::string_view reason) {
  const std::string ghost = Ghost(network, nick);
  absl::Status first;
  for (const std::string& room : room_ids) {
    Keep(first, members_.Leave(ghost, room, reason));
  }
  return first;
}

absl::Status IrcMembership::Tick(TimePoint now) {
  std::lock_guard lock(mu_);
  absl::Status first;
  while (!pending_joins_.empty() && pending_joins_.begin()->first <= now) {
    PendingJoin join = std::move(pending_joins_.begin()->second);
    pending_joins_.erase(pending_joins_.begin());
    Keep(first, JoinGhost(join.network, join.room_id, join.nick));
  }
  if (!next_flush_.has_value() || *next_flush_ > now) {
    return first;
  }
  next_flush_.reset();
  for (auto& [network, debouncer] : debouncers_) {
    for (const bridge::HeldQuit& quit : debouncer.Flush(now)) {
      auto it = held_.find(Key(network, irc::CaseMapping().Fold(quit.nick)));
      if (it == held_.end()) {
        continue;
      }
      Keep(first, LeaveRooms(network, quit.nick, it->second.room_ids, quit.reason));
      held_.erase(it);
    }
    if (debouncer.held() > 0) {
      // Held later than this flush: looked at again within a second.
      const TimePoint again =
          now + std::min<std::chrono::milliseconds>(
                    options_.networks.at(network).quit_debounce_hold, std::chrono::seconds(1));
      next_flush_ = next_flush_.has_value() ? std::min(*next_flush_, again) : again;
    }
  }
  return first;
}

std::optional<IrcMembership::TimePoint> IrcMembership::NextDeadline() const {
  std::lock_guard lock(mu_);
  std::optional<TimePoint> next = next_flush_;
  if (!pending_joins_.empty()) {
    const TimePoint join = pending_joins_.begin()->first;
    next = next.has_value() ? std::min(*next, join) : join;
  }
  return next;
}

std::optional<std::string> IrcMembership::ModesOf(std::string_view network,
                                                  std::string_view channel,
                                                  std::string_view nick) const {
  std::lock_guard lock(mu_);
  // Every connection's view is at least as fresh as the receiver's roster (which stops changing
  // when the receiver lease moves to another worker).
  if (seen_.Knows(network, channel)) {
    return seen_.ModesOf(network, channel, nick);
  }
  for (const auto& [key, roster] : rosters_) {
    if (roster.network == network && roster.case_mapping.Equal(roster.channel, channel)) {
      auto it = roster.members.find(roster.case_mapping.Fold(nick));
      if (it == roster.members.end()) {
        return std::nullopt;
      }
      return it->second.modes;
    }
  }
  return std::nullopt;
}

std::optional<std::string> IrcMembership::NickOf(std::string_view network, std::string_view channel,
                                                 std::string_view user_id) const {
  return Find(network, channel, user_id, false);
}

std::optional<std::string> IrcMembership::GhostNick(std::string_view network,
                                                    std::string_view channel,
                                                    std::string_view user_id) const {
  return Find(network, channel, user_id, true);
}

std::optional<std::string> IrcMembership::Find(std::string_view network, std::string_view channel,
                                               std::string_view user_id, bool ghosts_only) const {
  std::lock_guard lock(mu_);
  for (const auto& [key, roster] : rosters_) {
    if (roster.network != network || !roster.case_mapping.Equal(roster.channel, channel)) {
      continue;
    }
    for (const auto& [folded, member] : roster.members) {
      if ((!ghosts_only && !member.puppet.empty() && member.puppet == user_id) ||
          (member.puppet.empty() && Ghost(network, member.nick) == user_id)) {
        return member.nick;
      }
    }
  }
  // Not the receiver of the channel (or it did not list the user): a ghost any connection of this
  // worker saw there. (Which nicks are our puppets is known from the receiver's NAMES only.)
  return seen_.FindNick(network, channel,
                        [&](std::string_view nick) { return Ghost(network, nick) == user_id; });
}

}  // namespace mxedge::irc_worker
