#include "room_plumbing.hpp"

#include <nlohmann/json.hpp>

#include "admin_room.hpp"
#include "mxedge/bridge/bridge_info.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"
#include "room_command.hpp"
#include "room_moderators.hpp"

namespace mxedge::irc_worker {

using common::Cat;

namespace {

nlohmann::json ParseObject(const std::string& text) {
  nlohmann::json value = nlohmann::json::parse(text, nullptr, false);
  return value.is_object() ? value : nlohmann::json::object();
}

std::string StringField(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool IsText(const v1::MatrixEvent& event, std::string* body) {
  if (event.type() != "m.room.message") {
    return false;
  }
  const nlohmann::json content = ParseObject(event.content_json());
  if (StringField(content, "msgtype") != "m.text") {
    return false;
  }
  *body = StringField(content, "body");
  return true;
}

bool IsChannelOrInvitedRoom(const BridgedRoom& room) {
  return room.kind == RoomKind::kInvited || (room.kind == RoomKind::kPortal && room.plumbed);
}

}  // namespace

struct RoomPlumbing::Context {
  std::string network;
  std::string mxid;
  const PortalNetwork& net;
  const v1::MatrixEvent& event;
  const std::optional<BridgedRoom>& room;
  std::string room_id;
  int replies = 0;
};

RoomPlumbing::RoomPlumbing(PlumbedRooms& plumbed, BridgedRooms& rooms, PortalCreator& portals,
                           MatrixRooms& matrix, RoomState& state, RoomRoster& roster,
                           PuppetControl& puppets, BridgeAdmins admins,
                           std::map<std::string, bridge::GhostNamer, std::less<>> ghosts,
                           PortalDirectory* directory)
    : plumbed_(plumbed),
      rooms_(rooms),
      portals_(portals),
      matrix_(matrix),
      state_(state),
      roster_(roster),
      puppets_(puppets),
      admins_(std::move(admins)),
      ghosts_(std::move(ghosts)),
      directory_(directory) {}

bool RoomPlumbing::IsBotInvite(std::string_view network, const v1::MatrixEvent& event) const {
  const PortalNetwork* net = portals_.FindNetwork(network);
  if (net == nullptr || event.type() != "m.room.member" || !event.has_state_key() ||
      event.state_key() != net->bot_user_id) {
    return false;
  }
  const nlohmann::json content = ParseObject(event.content_json());
  auto direct = content.find("is_direct");
  const bool is_direct = direct != content.end() && direct->is_boolean() && direct->get<bool>();
  return StringField(content, "membership") == "invite" && !is_direct;
}

bool RoomPlumbing::Concerns(std::string_view network, const std::optional<BridgedRoom>& room,
                            const v1::MatrixEvent& event) const {
  const PortalNetwork* net = portals_.FindNetwork(network);
  if (net == nullptr) {
    return false;
  }
  if (IsBotInvite(network, event)) {
    return !room.has_value() || room->kind == RoomKind::kInvited;
  }
  if (!room.has_value() || room->network != network || !IsChannelOrInvitedRoom(*room)) {
    return false;
  }
  if (event.type() == "m.room.member" && event.has_state_key() &&
      event.state_key() == net->bot_user_id) {
    const std::string membership = StringField(ParseObject(event.content_json()), "membership");
    return membership == "leave" || membership == "ban";
  }
  std::string body;
  if (!IsText(event, &body)) {
    return false;
  }
  absl::StatusOr<std::optional<bridge::AdminCommand>> command =
      ParseRoomCommand(body, net->isupport);
  return !command.ok() || command->has_value();
}

v1::EventOutcome RoomPlumbing::Handle(std::string_view network, std::string_view mxid,
                                      const std::optional<BridgedRoom>& room,
                                      const v1::MatrixEvent& event) {
  const PortalNetwork* net = portals_.FindNetwork(network);
  if (net == nullptr) {
    return Outcome(event, v1::DELIVERY_OUTCOME_REJECTED, "plumbing: unknown network");
  }
  if (event.sender() != mxid) {
    return Outcome(event, v1::DELIVERY_OUTCOME_DONE);
  }
  Context ctx{std::string(network), std::string(mxid), *net, event, room, event.room_id()};
  if (IsBotInvite(network, event)) {
    if (room.has_value() && room->kind != RoomKind::kInvited) {
      return Outcome(event, v1::DELIVERY_OUTCOME_DONE);
    }
    return OnInvite(ctx);
  }
  if (!room.has_value() || !IsChannelOrInvitedRoom(*room)) {
    return Outcome(event, v1::DELIVERY_OUTCOME_DONE);
  }
  if (event.type() == "m.room.member") {
    const std::string membership = StringField(ParseObject(event.content_json()), "membership");
    if (event.has_state_key() && event.state_key() == net->bot_user_id &&
        (membership == "leave" || membership == "ban")) {
      // The bot kicked, banned or gone: the room is not bridged any more.
      return Unlink(ctx, /*reply=*/false);
    }
    return Outcome(event, v1::DELIVERY_OUTCOME_DONE);
  }
  std::string body;
  if (IsText(event, &body)) {
    return OnCommand(ctx, body);
  }
  return Outcome(event, v1::DELIVERY_OUTCOME_DONE);
}

v1::EventOutcome RoomPlumbing::OnInvite(Context& ctx) {
  if (absl::Status s = matrix_.Join(ctx.net.bot_user_id, ctx.room_id); !s.ok()) {
    return FailureOutcome(ctx.event, s, "plumbing");
  }
  absl::StatusOr<bool> added = plumbed_.AddInvited(ctx.network, ctx.room_id, ctx.mxid);
  if (!added.ok()) {
    return FailureOutcome(ctx.event, added.status(), "plumbing");
  }
  if (!*added) {
    // Bridged as something else meanwhile, or waiting for another network's !plumb: a room is
    // bridged to one network only, so this bot does not stay.
    common::LogInfo("bridge bot invited into a room bridged otherwise",
                    {{"network", ctx.network}, {"room_id", ctx.room_id}});
    if (absl::Status s = matrix_.Leave(ctx.net.bot_user_id, ctx.room_id); !s.ok()) {
      common::LogWarn("bridge bot did not leave a room bridged otherwise",
                      {{"error", s.ToString()}});
    }
    return Outcome(ctx.event, v1::DELIVERY_OUTCOME_DONE);
  }
  common::LogInfo("bridge bot invited into a room",
                  {{"network", ctx.network}, {"room_id", ctx.room_id}});
  return Reply(ctx,
               Cat("Hello! A moderator of this room can bridge it to a channel on ", ctx.network,
                   " with !plumb #channel (it needs the power level to change "
                   "the room's settings). !unlink makes me leave."));
}

std::optional<v1::EventOutcome> RoomPlumbing::CheckModerator(Context& ctx, std::string_view what) {
  if (admins_.Contains(ctx.mxid)) {
    return std::nullopt;
  }
  std::optional<std::string> levels;
  std::string creator;
  absl::StatusOr<std::string> read =
      state_.GetState(ctx.net.bot_user_id, {ctx.room_id, "m.room.power_levels", ""});
  if (read.ok()) {
    levels = *std::move(read);
  } else if (absl::IsNotFound(read.status())) {
    absl::StatusOr<std::string> create =
        state_.GetState(ctx.net.bot_user_id, {ctx.room_id, "m.room.create", ""});
    if (create.ok()) {
      creator = CreatorOf(*create);
    } else if (!absl::IsNotFound(create.status())) {
      return FailureOutcome(ctx.event, create.status(), "plumbing");
    }
  } else {
    return FailureOutcome(ctx.event, read.status(), "plumbing");
  }
  absl::StatusOr<StatePower> power =
      StatePowerOf(levels.has_value() ? std::optional<std::string_view>(*levels) : std::nullopt,
                   creator, ctx.mxid);
  if (!power.ok()) {
    return Reply(ctx, Cat("I cannot tell who moderates this room: ", power.status().message()));
  }
  if (!power->Allowed()) {
    return Reply(ctx, Cat("Only this room's moderators can ", what, ": it needs a power level of ",
                          power->required_level, " and yours is ", power->user_level, "."));
  }
  return std::nullopt;
}

v1::EventOutcome RoomPlumbing::OnCommand(Context& ctx, std::string_view body) {
  absl::StatusOr<std::optional<bridge::AdminCommand>> command =
      ParseRoomCommand(body, ctx.net.isupport);
  if (!command.ok()) {
    return Reply(ctx, std::string(command.status().message()));
  }
  if (!command->has_value()) {
    return Outcome(ctx.event, v1::DELIVERY_OUTCOME_DONE);
  }
  const bool plumb = (*command)->kind == bridge::AdminCommandKind::kPlumb;
  if (std::optional<v1::EventOutcome> refused =
          CheckModerator(ctx, plumb ? "bridge it" : "unlink it")) {
    return *std::move(refused);
  }
  if (!plumb) {
    return Unlink(ctx, /*reply=*/true);
  }
  return OnPlumb(ctx, (*command)->channel);
}

v1::EventOutcome RoomPlumbing::OnPlumb(Context& ctx, std::string_view channel) {
  if (ctx.room->kind == RoomKind::kPortal) {
    return Reply(ctx, Cat("This room is already bridged to ", ctx.room->channel,
                          "; send !unlink first to bridge it elsewhere."));
  }
  if (ctx.net.static_channels.RoomOf(channel).has_value()) {
    return Reply(ctx, Cat(channel,
                          " is bridged to its room by the bridge's configuration; it "
                          "cannot be plumbed."));
  }
  const std::string folded = ctx.net.isupport.case_mapping().Fold(channel);
  absl::StatusOr<PlumbResult> result = plumbed_.Plumb(ctx.network, folded, ctx.room_id, ctx.mxid);
  if (!result.ok()) {
    return FailureOutcome(ctx.event, result.status(), "plumbing");
  }
  switch (result->outcome) {
    case PlumbOutcome::kPlumbed:
      break;
    case PlumbOutcome::kChannelTaken:
      return Reply(ctx, Cat(channel, " already has a room (", result->room_id,
                            "); a channel is bridged to one room only."));
    case PlumbOutcome::kAlreadyPlumbed:
      return Reply(ctx, Cat("This room is already bridged to ", result->channel,
                            "; send !unlink first to bridge it elsewhere."));
    case PlumbOutcome::kNotInvited:
      return Reply(ctx, "This room is not waiting to be bridged any more; invite me again.");
  }
  SetBridgeInfo(ctx, folded, /*clear=*/false);
  int joined = 0;
  int later = 0;
  for (const std::string& member : MatrixMembers(ctx)) {
    if (absl::Status s = rooms_.AddUserChannel(ctx.network, member, folded); !s.ok()) {
      common::LogWarn("channel of a plumbed room's member not recorded",
                      {{"network", ctx.network}, {"error", s.ToString()}});
    }
    absl::StatusOr<PuppetReadiness> ready = puppets_.Prepare(ctx.network, member);
    const std::string join = Cat("JOIN ", folded);
    if (ready.ok() && *ready == PuppetReadiness::kReady &&
        puppets_.SendLine(ctx.network, member, join).ok()) {
      ++joined;
    } else if (ready.ok() && *ready == PuppetReadiness::kNotMine && remote_ != nullptr &&
               remote_->SendLine(ctx.network, member, join).ok()) {
      ++joined;
    } else {
      ++later;  // connecting (joins when registered), or not reachable now
    }
  }
  if (bots_ != nullptr) {
    if (absl::Status s = bots_->Join(ctx.network, ctx.net.bot_user_id, folded); !s.ok()) {
      common::LogWarn("plumbed channel not recorded for the bridge bot",
                      {{"network", ctx.network}, {"error", s.ToString()}});
    }
  }
  common::LogInfo("room plumbed", {{"network", ctx.network},
                                   {"channel", folded},
                                   {"room_id", ctx.room_id},
                                   {"puppets_joined", joined},
                                   {"puppets_later", later}});
  return Reply(ctx, Cat("This room is now bridged to ", folded, " on ", ctx.network,
                        ". Its members join the channel as their IRC connections come up; a "
                        "moderator can stop it with !unlink."));
}

v1::EventOutcome RoomPlumbing::Unlink(Context& ctx, bool reply) {
  const bool channel_room = ctx.room->kind == RoomKind::kPortal;
  const std::string folded = channel_room ? ctx.room->channel : std::string();
  std::vector<std::string> members;
  if (channel_room) {
    members = MatrixMembers(ctx);
  }
  absl::StatusOr<bool> removed = rooms_.Remove(ctx.room_id);
  if (!removed.ok()) {
    return FailureOutcome(ctx.event, removed.status(), "plumbing");
  }
  if (directory_ != nullptr) {
    directory_->Forget(ctx.room_id);
  }
  if (channel_room) {
    if (reply) {
      SetBridgeInfo(ctx, folded, /*clear=*/true);
    }
    for (const std::string& member : members) {
      if (absl::Status s = rooms_.RemoveUserChannel(ctx.network, member, folded); !s.ok()) {
        common::LogWarn("channel of an unlinked room's member not forgotten",
                        {{"network", ctx.network}, {"error", s.ToString()}});
      }
      if (puppets_.Status(ctx.network, member).has_value()) {
        (void)puppets_.SendLine(ctx.network, member, Cat("PART ", folded));
      } else if (remote_ != nullptr) {
        // NotFound (no connection anywhere) included: nothing to part.
        (void)remote_->SendLine(ctx.network, member, Cat("PART ", folded));
      }
    }
    if (bots_ != nullptr) {
      if (absl::Status s = bots_->Part(ctx.network, ctx.net.bot_user_id, folded); !s.ok()) {
        common::LogWarn("unlinked channel not forgotten for the bridge bot",
                        {{"network", ctx.network}, {"error", s.ToString()}});
      }
    }
  }
  common::LogInfo(reply ? "room unlinked" : "room unlinked: the bridge bot was removed",
                  {{"network", ctx.network}, {"channel", folded}, {"room_id", ctx.room_id}});
  if (!reply) {
    return Outcome(ctx.event, v1::DELIVERY_OUTCOME_DONE);
  }
  const std::string text =
      channel_room
          ? Cat("This room is no longer bridged to ", folded, ". Invite me again to bridge it.")
          : std::string("Leaving. Invite me again to bridge this room.");
  if (absl::Status s = matrix_.SendNotice(ctx.net.bot_user_id, ctx.room_id, text,
                                          Cat("plumb:", ctx.event.event_id(), ":unlink"));
      !s.ok()) {
    common::LogWarn("unlink notice not sent", {{"error", s.ToString()}});
  }
  if (absl::Status s = matrix_.Leave(ctx.net.bot_user_id, ctx.room_id); !s.ok()) {
    common::LogWarn("bridge bot did not leave the unlinked room", {{"error", s.ToString()}});
  }
  return Outcome(ctx.event, v1::DELIVERY_OUTCOME_DONE);
}

std::vector<std::string> RoomPlumbing::MatrixMembers(Context& ctx) {
  absl::StatusOr<std::vector<std::string>> joined =
      roster_.JoinedMembers(ctx.net.bot_user_id, ctx.room_id);
  if (!joined.ok()) {
    common::LogWarn("members of a plumbed room not read; only the sender's puppet follows",
                    {{"network", ctx.network}, {"error", joined.status().ToString()}});
    return {ctx.mxid};
  }
  auto ghosts = ghosts_.find(ctx.network);
  std::vector<std::string> members;
  for (std::string& member : *joined) {
    if (member == ctx.net.bot_user_id ||
        (ghosts != ghosts_.end() && ghosts->second.IsGhost(member))) {
      continue;
    }
    members.push_back(std::move(member));
  }
  return members;
}

void RoomPlumbing::SetBridgeInfo(Context& ctx, std::string_view folded_channel, bool clear) {
  const std::string content =
      clear ? std::string("{}")
            : bridge::BridgeInfoContent(ctx.net.bot_user_id, ctx.net.info, folded_channel)
                  .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const std::string state_key = bridge::BridgeInfoStateKey(ctx.network, folded_channel);
  for (std::string_view type : {bridge::kBridgeEventType, bridge::kLegacyBridgeEventType}) {
    absl::StatusOr<std::string> set =
        state_.SetState(ctx.net.bot_user_id, {ctx.room_id, std::string(type), state_key}, content);
    if (!set.ok()) {
      // The bot may lack the power level for state events: bridging works without the info.
      common::LogWarn("bridge info state not set", {{"network", ctx.network},
                                                    {"type", std::string(type)},
                                                    {"error", set.status().ToString()}});
    }
  }
}

v1::EventOutcome RoomPlumbing::Reply(Context& ctx, std::string_view text) {
  const std::string key = Cat("plumb:", ctx.event.event_id(), ":", ctx.replies++);
  if (absl::Status s = matrix_.SendNotice(ctx.net.bot_user_id, ctx.room_id, text, key); !s.ok()) {
    return FailureOutcome(ctx.event, s, "plumbing");
  }
  return Outcome(ctx.event, v1::DELIVERY_OUTCOME_DONE);
}

}  // namespace mxedge::irc_worker
