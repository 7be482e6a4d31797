#include "pm_from_matrix.hpp"

#include <nlohmann/json.hpp>

#include "event_outcome.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {
namespace {

using common::Cat;

nlohmann::json ParseObject(const std::string& text) {
  nlohmann::json value = nlohmann::json::parse(text, nullptr, false);
  return value.is_object() ? value : nlohmann::json::object();
}

std::string Membership(const v1::MatrixEvent& event) {
  const nlohmann::json content = ParseObject(event.content_json());
  auto it = content.find("membership");
  return it != content.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool InviteStateIsEncrypted(const v1::MatrixEvent& event) {
  const nlohmann::json unsigned_data = ParseObject(event.unsigned_json());
  auto state = unsigned_data.find("invite_room_state");
  if (state == unsigned_data.end() || !state->is_array()) {
    return false;
  }
  for (const nlohmann::json& stripped : *state) {
    auto type = stripped.is_object() ? stripped.find("type") : stripped.end();
    if (type != stripped.end() && type->is_string() && *type == "m.room.encryption") {
      return true;
    }
  }
  return false;
}

v1::EventOutcome Done(const v1::MatrixEvent& event) {
  return Outcome(event, v1::DELIVERY_OUTCOME_DONE);
}

}  // namespace

PmFromMatrix::PmFromMatrix(PmRooms& pms, MatrixRooms& matrix, GhostProfiles& profiles,
                           std::map<std::string, bridge::GhostNamer, std::less<>> namers)
    : pms_(pms), matrix_(matrix), profiles_(profiles), namers_(std::move(namers)) {}

const bridge::GhostNamer* PmFromMatrix::NamerOf(std::string_view network) const {
  auto it = namers_.find(network);
  return it != namers_.end() ? &it->second : nullptr;
}

bool PmFromMatrix::IsGhostInvite(std::string_view network, const v1::MatrixEvent& event) const {
  const bridge::GhostNamer* namer = NamerOf(network);
  if (namer == nullptr || event.type() != "m.room.member" || !event.has_state_key() ||
      namer->IsGhost(event.sender()) || Membership(event) != "invite") {
    return false;
  }
  absl::StatusOr<bridge::GhostId> ghost = namer->Parse(event.state_key());
  return ghost.ok() && ghost->network == network;
}

bool PmFromMatrix::Concerns(std::string_view network, const std::optional<BridgedRoom>& room,
                            const v1::MatrixEvent& event) const {
  if (room.has_value()) {
    return room->kind == RoomKind::kPm;
  }
  return IsGhostInvite(network, event);
}

std::optional<v1::EventOutcome> PmFromMatrix::Handle(std::string_view network,
                                                     std::string_view mxid,
                                                     const v1::MatrixEvent& event) {
  absl::StatusOr<std::optional<PmRoom>> room = pms_.Find(event.room_id());
  if (!room.ok()) {
    return FailureOutcome(event, room.status(), "private chat");
  }
  if (room->has_value()) {
    if ((*room)->network != network) {
      return Done(event);
    }
    return InRoom(**room, event);
  }
  if (!IsGhostInvite(network, event) || event.sender() != mxid) {
    return Done(event);  // a private chat forgotten meanwhile
  }
  absl::StatusOr<bridge::GhostId> ghost = NamerOf(network)->Parse(event.state_key());
  if (!ghost.ok()) {
    return FailureOutcome(event, ghost.status(), "private chat");
  }
  return OnInvite(network, mxid, event, *ghost);
}

v1::EventOutcome PmFromMatrix::OnInvite(std::string_view network, std::string_view mxid,
                                        const v1::MatrixEvent& event,
                                        const bridge::GhostId& ghost) {
  const std::string& ghost_id = event.state_key();
  const std::string& room_id = event.room_id();
  if (absl::Status s = matrix_.Join(ghost_id, room_id); !s.ok()) {
    return FailureOutcome(event, s, "private chat");
  }
  if (InviteStateIsEncrypted(event)) {
    if (absl::Status s = matrix_.SendNotice(
            ghost_id, room_id,
            Cat("This room is encrypted and the bridge cannot read encrypted messages. Invite ",
                ghost_id, " into an unencrypted room to talk to ", ghost.nick, " on ", network,
                "."),
            Cat("pm-encrypted:", event.event_id()));
        !s.ok()) {
      return FailureOutcome(event, s, "private chat");
    }
    if (absl::Status s = matrix_.Leave(ghost_id, room_id); !s.ok()) {
      common::LogWarn("ghost did not leave an encrypted room", {{"error", s.ToString()}});
    }
    return Done(event);
  }
  if (absl::Status s = profiles_.SetDisplayName(ghost_id, ghost.nick); !s.ok()) {
    common::LogWarn("ghost display name not set",
                    {{"network", std::string(network)}, {"error", s.ToString()}});
  }
  absl::StatusOr<std::optional<std::string>> previous = pms_.RoomOf(network, mxid, ghost.nick);
  if (!previous.ok()) {
    return FailureOutcome(event, previous.status(), "private chat");
  }
  if (previous->has_value() && **previous != room_id) {
    // The newer room replaces the older one, as for admin rooms.
    if (absl::StatusOr<bool> removed = pms_.Remove(**previous); !removed.ok()) {
      return FailureOutcome(event, removed.status(), "private chat");
    }
    if (absl::Status s = matrix_.Leave(ghost_id, **previous); !s.ok()) {
      common::LogWarn("ghost did not leave the replaced private room", {{"error", s.ToString()}});
    }
  }
  absl::StatusOr<std::string> recorded = pms_.Add(PmRoom{.room_id = room_id,
                                                         .network = std::string(network),
                                                         .owner = std::string(mxid),
                                                         .nick = ghost.nick});
  if (!recorded.ok()) {
    return FailureOutcome(event, recorded.status(), "private chat");
  }
  common::LogInfo("private room mapped", {{"network", std::string(network)}, {"room_id", room_id}});
  return Done(event);
}

std::optional<v1::EventOutcome> PmFromMatrix::InRoom(const PmRoom& room,
                                                     const v1::MatrixEvent& event) {
  const bridge::GhostNamer* namer = NamerOf(room.network);
  if (namer == nullptr) {
    return Done(event);
  }
  absl::StatusOr<std::string> ghost = namer->UserIdFor(room.network, room.nick, irc::CaseMapping());
  if (!ghost.ok()) {
    return FailureOutcome(event, ghost.status(), "private chat");
  }
  if (event.type() == "m.room.member" && event.has_state_key()) {
    const std::string membership = Membership(event);
    const bool gone = membership == "leave" || membership == "ban";
    const bool owner = event.state_key() == room.owner;
    if (!gone || (!owner && event.state_key() != *ghost)) {
      return Done(event);
    }
    if (absl::StatusOr<bool> removed = pms_.Remove(room.room_id); !removed.ok()) {
      return FailureOutcome(event, removed.status(), "private chat");
    }
    if (owner) {
      if (absl::Status s = matrix_.Leave(*ghost, room.room_id); !s.ok()) {
        common::LogWarn("ghost did not leave the private room", {{"error", s.ToString()}});
      }
    }
    common::LogInfo("private room forgotten",
                    {{"network", room.network}, {"room_id", room.room_id}});
    return Done(event);
  }
  if (event.type() != "m.room.message" || event.has_state_key()) {
    return Done(event);
  }
  if (event.sender() == room.owner) {
    return std::nullopt;
  }
  if (namer->IsGhost(event.sender())) {
    return Done(event);
  }
  absl::StatusOr<bool> first = pms_.MarkTold(room.room_id, event.sender());
  if (!first.ok()) {
    return FailureOutcome(event, first.status(), "private chat");
  }
  if (*first) {
    if (absl::Status s = matrix_.SendNotice(
            *ghost, room.room_id,
            Cat(event.sender(), ": this is ", room.owner, "'s private chat with ", room.nick,
                " on ", room.network, "; messages from others here are not sent to IRC."),
            Cat("pm-told:", room.room_id, ":", event.sender()));
        !s.ok()) {
      common::LogWarn("not-bridged notice not sent", {{"error", s.ToString()}});
    }
  }
  return Done(event);
}

}  // namespace mxedge::irc_worker
