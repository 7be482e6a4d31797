#include "pm_from_irc.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <utility>
#include <vector>

#include "ghost_message_render.hpp"
#include "line_key.hpp"
#include "mxedge/bridge/irc_to_matrix.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/irc/case_mapping.hpp"

namespace mxedge::irc_worker {
namespace {

using common::Cat;

std::string_view NickOfSource(std::string_view source) {
  return source.substr(0, source.find('!'));
}

}  // namespace

PmFromIrc::PmFromIrc(PmRooms& pms, MatrixRooms& matrix, GhostProfiles& profiles,
                     LineRecords& records, PuppetNicks& nicks, MatrixSender& sender,
                     std::map<std::string, bridge::GhostNamer, std::less<>> namers,
                     PmFromIrcOptions options)
    : pms_(pms),
      matrix_(matrix),
      profiles_(profiles),
      records_(records),
      nicks_(nicks),
      sender_(sender),
      namers_(std::move(namers)),
      options_(std::move(options)) {}

absl::StatusOr<std::string> PmFromIrc::GhostOf(std::string_view network,
                                               std::string_view nick) const {
  auto namer = namers_.find(network);
  if (namer == namers_.end()) {
    return absl::InvalidArgumentError(Cat("no ghost names for network ", network));
  }
  return namer->second.UserIdFor(network, nick, irc::CaseMapping());
}

absl::StatusOr<std::string> PmFromIrc::EnsureRoom(std::string_view network, std::string_view mxid,
                                                  std::string_view nick) {
  const std::string folded = irc::CaseMapping().Fold(nick);
  absl::StatusOr<std::optional<std::string>> existing = pms_.RoomOf(network, mxid, folded);
  if (!existing.ok()) {
    return existing.status();
  }
  if (existing->has_value()) {
    return **existing;
  }
  absl::StatusOr<std::string> ghost = GhostOf(network, nick);
  if (!ghost.ok()) {
    return ghost.status();
  }
  if (absl::Status s = profiles_.SetDisplayName(*ghost, nick); !s.ok()) {
    // Cosmetic: the room works without it, and the next room creation tries again.
    common::LogWarn("ghost display name not set",
                    {{"network", std::string(network)}, {"error", s.ToString()}});
  }
  RoomCreation creation;
  creation.as_user = *ghost;
  creation.public_chat = false;
  creation.is_direct = true;
  creation.invite = {std::string(mxid)};
  absl::StatusOr<std::string> created = matrix_.CreateRoom(creation);
  if (!created.ok()) {
    return created.status();
  }
  absl::StatusOr<std::string> recorded = pms_.Add(PmRoom{.room_id = *created,
                                                         .network = std::string(network),
                                                         .owner = std::string(mxid),
                                                         .nick = folded});
  if (!recorded.ok()) {
    return recorded.status();
  }
  if (*recorded != *created) {
    // Another creation won: that room is the private chat, this one is abandoned.
    if (absl::Status s = matrix_.Leave(*ghost, *created); !s.ok()) {
      common::LogWarn("ghost did not leave a duplicate private room", {{"error", s.ToString()}});
    }
  } else {
    common::LogInfo("private room created",
                    {{"network", std::string(network)}, {"room_id", *created}});
  }
  return *recorded;
}

namespace {

irc::CaseMapping NickKeyMapping(const PmFromIrcOptions& options, std::string_view network) {
  auto it = options.key_mappings.find(network);
  return it == options.key_mappings.end() ? irc::CaseMapping() : it->second;
}

}  // namespace

absl::StatusOr<GhostMessage> PmFromIrc::Render(const PrivateLine& line) {
  auto charset = options_.charsets.find(line.network);
  return RenderGhostMessage(
      {.network = line.network,
       .source = line.source,
       .command = line.command,
       .target = line.target,
       .text = line.text},
      charset != options_.charsets.end() ? charset->second : bridge::FallbackCharset::kLatin1,
      nicks_, NickKeyMapping(options_, line.network));
}

absl::StatusOr<PmFate> PmFromIrc::OnPrivateLine(const PrivateLine& line,
                                                std::chrono::steady_clock::time_point now) {
  const std::string_view nick = NickOfSource(line.source);
  if (nick.empty() || line.target.empty()) {
    return absl::InvalidArgumentError("private line without a source nick or a target");
  }
  if (!namers_.contains(line.network)) {
    return absl::InvalidArgumentError(Cat("no ghost names for network ", line.network));
  }
  const std::string folded = irc::CaseMapping().Fold(nick);
  absl::StatusOr<std::optional<std::string>> puppet =
      nicks_.Lookup(line.network, NickKeyMapping(options_, line.network).Fold(nick));
  if (!puppet.ok()) {
    return puppet.status();
  }
  if (puppet->has_value()) {
    return PmFate::kOwnPuppet;
  }
  absl::StatusOr<GhostMessage> message = Render(line);
  if (absl::IsNotFound(message.status())) {
    return PmFate::kNotMessage;  // other CTCP requests and replies
  }
  if (!message.ok()) {
    return message.status();
  }
  if (message->body.empty()) {
    return PmFate::kNotMessage;
  }
  const std::vector<std::string> params = {line.target, line.text};
  const LineIdentity identity{.msgid = line.msgid,
                              .server_time = line.server_time,
                              .source = line.source,
                              .command = line.command,
                              .params = params};
  int64_t occurrence = 0;
  if (NeedsOccurrence(identity)) {
    std::lock_guard<std::mutex> lock(mu_);
    auto counter = occurrences_
                       .try_emplace(Cat(line.network, "\n", line.receiver_mxid, "\n", folded),
                                    options_.occurrence_window)
                       .first;
    occurrence = counter->second.Next(LineKey(identity, 0), now);
  }
  const std::string key = LineKey(identity, occurrence);
  absl::StatusOr<std::string> room = EnsureRoom(line.network, line.receiver_mxid, nick);
  if (!room.ok()) {
    return room.status();
  }
  absl::StatusOr<std::string> ghost = GhostOf(line.network, nick);
  if (!ghost.ok()) {
    return ghost.status();
  }
  message->room_id = *room;
  message->ghost_mxid = *ghost;
  message->idempotency_key = Cat("irc:", line.network, ":", key);
  absl::StatusOr<LineBegin> begin =
      records_.TryBegin(line.network, key, options_.worker_id, EncodePendingPayload(*message));
  if (!begin.ok()) {
    return begin.status();
  }
  if (begin->outcome != LineBegin::Outcome::kStarted) {
    return PmFate::kAlreadyHandled;
  }
  if (absl::Status s = sender_.Send(*message); !s.ok()) {
    common::LogWarn("private line left pending: MatrixOut refused or unreachable",
                    {{"network", line.network}, {"error", s.ToString()}});
    return s;
  }
  if (absl::Status s = records_.MarkDone(line.network, key, options_.worker_id); !s.ok()) {
    common::LogWarn("private line sent but not marked done",
                    {{"network", line.network}, {"error", s.ToString()}});
  }
  return PmFate::kBridged;
}

absl::Status PmFromIrc::OnNickChange(std::string_view network, std::string_view mxid,
                                     std::string_view old_nick, std::string_view new_nick) {
  const irc::CaseMapping folding;
  const std::string old_folded = folding.Fold(old_nick);
  const std::string new_folded = folding.Fold(new_nick);
  if (old_nick.empty() || new_nick.empty() || old_folded == new_folded) {
    return absl::OkStatus();
  }
  if (!namers_.contains(network)) {
    return absl::InvalidArgumentError(Cat("no ghost names for network ", network));
  }
  absl::StatusOr<std::optional<std::string>> moved =
      pms_.Rename(network, mxid, old_folded, new_folded);
  if (!moved.ok()) {
    return moved.status();
  }
  if (!moved->has_value()) {
    return absl::OkStatus();
  }
  const std::string& room = **moved;
  absl::StatusOr<std::string> old_ghost = GhostOf(network, old_nick);
  absl::StatusOr<std::string> new_ghost = GhostOf(network, new_nick);
  if (!old_ghost.ok() || !new_ghost.ok()) {
    return !old_ghost.ok() ? old_ghost.status() : new_ghost.status();
  }
  if (absl::Status s = profiles_.SetDisplayName(*new_ghost, new_nick); !s.ok()) {
    common::LogWarn("ghost display name not set",
                    {{"network", std::string(network)}, {"error", s.ToString()}});
  }
  if (absl::Status s = matrix_.Invite(*old_ghost, room, *new_ghost); !s.ok()) {
    return s;
  }
  if (absl::Status s = matrix_.Join(*new_ghost, room); !s.ok()) {
    return s;
  }
  if (absl::Status s = matrix_.Leave(*old_ghost, room); !s.ok()) {
    common::LogWarn("old ghost did not leave the private room", {{"error", s.ToString()}});
  }
  common::LogInfo("private room moved to a new nick",
                  {{"network", std::string(network)}, {"room_id", room}});
  return absl::OkStatus();
}

}  // namespace mxedge::irc_worker
