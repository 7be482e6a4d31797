#include "room_upgrades.hpp"

#include <nlohmann/json.hpp>

#include "admin_room.hpp"
#include "mxedge/bridge/bridge_info.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {
namespace {

using common::Cat;

std::string ReplacementRoom(const std::string& content_json) {
  const nlohmann::json content = nlohmann::json::parse(content_json, nullptr, false);
  if (!content.is_object()) {
    return "";
  }
  auto it = content.find("replacement_room");
  return it != content.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

RoomUpgrades::RoomUpgrades(BridgedRooms& rooms, PortalMover& mover, MatrixRooms& matrix,
                           RoomState& state, PortalCreator& portals, PortalDirectory* directory)
    : rooms_(rooms),
      mover_(mover),
      matrix_(matrix),
      state_(state),
      portals_(portals),
      directory_(directory) {}

bool RoomUpgrades::IsTombstone(const v1::MatrixEvent& event) {
  return event.type() == "m.room.tombstone" && event.has_state_key() && event.state_key().empty();
}

v1::EventOutcome RoomUpgrades::Handle(std::string_view network, const v1::MatrixEvent& event) {
  const std::string& old_room = event.room_id();
  const std::string new_room = ReplacementRoom(event.content_json());
  if (!ValidateRoomArg(new_room).ok() || new_room == old_room) {
    common::LogWarn("tombstone without a usable replacement room", {{"room_id", old_room}});
    return Outcome(event, v1::DELIVERY_OUTCOME_DONE);
  }
  const PortalNetwork* net = portals_.FindNetwork(network);
  if (net == nullptr) {
    return Outcome(event, v1::DELIVERY_OUTCOME_REJECTED, "room upgrade: unknown network");
  }
  if (std::optional<std::string> channel = net->static_channels.ChannelOf(old_room)) {
    common::LogWarn(
        "a statically mapped room was upgraded: change networks[].channels to bridge "
        "the replacement room",
        {{"network", std::string(network)},
         {"channel", *channel},
         {"room_id", old_room},
         {"replacement_room", new_room}});
    return Outcome(event, v1::DELIVERY_OUTCOME_DONE);
  }
  absl::StatusOr<std::optional<BridgedRoom>> known = rooms_.Find(old_room);
  if (!known.ok()) {
    return FailureOutcome(event, known.status(), "room upgrade");
  }
  if (known->has_value() && ((*known)->kind != RoomKind::kPortal || (*known)->network != network)) {
    return Outcome(event, v1::DELIVERY_OUTCOME_DONE);  // not a portal of this network
  }
  std::string channel;
  if (known->has_value()) {
    // Join first: when the bot cannot, the mapping stays where it works.
    if (absl::Status s = matrix_.Join(net->bot_user_id, new_room); !s.ok()) {
      common::LogWarn("bridge bot could not join the replacement room",
                      {{"network", std::string(network)},
                       {"replacement_room", new_room},
                       {"error", s.ToString()}});
      return FailureOutcome(event, s, "room upgrade");
    }
    absl::StatusOr<std::optional<BridgedRoom>> moved = mover_.MovePortal(old_room, new_room);
    if (!moved.ok()) {
      return FailureOutcome(event, moved.status(), "room upgrade");
    }
    if (!moved->has_value()) {
      return Outcome(event, v1::DELIVERY_OUTCOME_DONE);  // moved by a concurrent delivery
    }
    channel = (*moved)->channel;
    if (directory_ != nullptr) {
      directory_->Forget(old_room);
    }
    common::LogInfo("portal moved to the replacement room", {{"network", std::string(network)},
                                                             {"channel", channel},
                                                             {"room_id", old_room},
                                                             {"replacement_room", new_room}});
  } else {
    // A redelivery after the move: the new room holds the portal already.
    absl::StatusOr<std::optional<BridgedRoom>> now = rooms_.Find(new_room);
    if (!now.ok()) {
      return FailureOutcome(event, now.status(), "room upgrade");
    }
    if (!now->has_value() || (*now)->kind != RoomKind::kPortal || (*now)->network != network) {
      return Outcome(event, v1::DELIVERY_OUTCOME_DONE);
    }
    channel = (*now)->channel;
  }
  const std::string info = bridge::BridgeInfoContent(net->bot_user_id, net->info, channel)
                               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const std::string state_key = bridge::BridgeInfoStateKey(network, channel);
  for (std::string_view type : {bridge::kBridgeEventType, bridge::kLegacyBridgeEventType}) {
    absl::StatusOr<std::string> set =
        state_.SetState(net->bot_user_id, StateKey{new_room, std::string(type), state_key}, info);
    if (!set.ok()) {
      return FailureOutcome(event, set.status(), "room upgrade");
    }
  }
  return Outcome(event, v1::DELIVERY_OUTCOME_DONE);
}

}  // namespace mxedge::irc_worker
