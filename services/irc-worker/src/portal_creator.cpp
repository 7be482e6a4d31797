#include "portal_creator.hpp"

#include <utility>

#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

using common::Cat;

PortalCreator::PortalCreator(BridgedRooms& rooms, MatrixRooms& matrix,
                             bridge::PortalAliasNamer namer,
                             std::map<std::string, PortalNetwork, std::less<>> networks)
    : rooms_(rooms), matrix_(matrix), namer_(std::move(namer)), networks_(std::move(networks)) {}

const PortalNetwork* PortalCreator::FindNetwork(std::string_view network) const {
  auto it = networks_.find(network);
  return it == networks_.end() ? nullptr : &it->second;
}

absl::StatusOr<bridge::PortalChannel> PortalCreator::ParseAlias(std::string_view alias) const {
  // Each namer answers only for the networks it names: a network's own template, or the
  // creator's for the networks without one.
  auto parse = [&](const bridge::PortalAliasNamer& namer, const PortalNetwork* own) {
    return namer.Parse(alias, [this, own](std::string_view network) -> const irc::ISupport* {
      const PortalNetwork* net = FindNetwork(network);
      if (net == nullptr || (own != nullptr ? net != own : net->alias_namer.has_value())) {
        return nullptr;
      }
      return &net->isupport;
    });
  };
  absl::StatusOr<bridge::PortalChannel> parsed = parse(namer_, nullptr);
  for (const auto& [id, net] : networks_) {
    if (parsed.ok() || !absl::IsNotFound(parsed.status())) {
      break;
    }
    if (net.alias_namer.has_value()) {
      parsed = parse(*net.alias_namer, &net);
    }
  }
  return parsed;
}

absl::StatusOr<std::optional<std::string>> PortalCreator::OnAliasQuery(std::string_view alias) {
  absl::StatusOr<bridge::PortalChannel> parsed = ParseAlias(alias);
  if (!parsed.ok()) {
    common::LogDebug("alias names no portal", {{"error", parsed.status().ToString()}});
    return std::nullopt;
  }
  const PortalNetwork& net = *FindNetwork(parsed->network);
  if (net.static_channels.RoomOf(parsed->channel).has_value()) {
    common::LogInfo("alias of a statically mapped channel: no portal",
                    {{"network", parsed->network}, {"channel", parsed->channel}});
    return std::nullopt;
  }
  absl::StatusOr<std::optional<std::string>> known =
      rooms_.PortalOf(parsed->network, parsed->channel);
  if (!known.ok()) {
    return known.status();
  }
  if (known->has_value()) {
    absl::StatusOr<std::optional<BridgedRoom>> room = rooms_.Find(**known);
    if (!room.ok()) {
      return room.status();
    }
    if (room->has_value() && (*room)->plumbed) {
      // A room its moderators bridged: the bridge does not publish an alias in it.
      common::LogInfo("alias of a plumbed channel: no portal",
                      {{"network", parsed->network}, {"channel", parsed->channel}});
      return std::nullopt;
    }
    return *known;
  }
  absl::StatusOr<std::string> created = CreatePortal(parsed->network, net, parsed->channel);
  if (!created.ok()) {
    return created.status();
  }
  return *created;
}

absl::StatusOr<std::string> PortalCreator::EnsurePortal(std::string_view network,
                                                        std::string_view channel) {
  const PortalNetwork* net = FindNetwork(network);
  if (net == nullptr) {
    return absl::InvalidArgumentError(Cat("unknown network ", network));
  }
  if (std::optional<std::string> room = net->static_channels.RoomOf(channel)) {
    return *room;
  }
  // Validates the channel against the server's rules and folds it.
  absl::StatusOr<std::string> alias = NamerOf(*net).AliasFor(network, channel, net->isupport);
  if (!alias.ok()) {
    return alias.status();
  }
  const std::string folded = net->isupport.case_mapping().Fold(channel);
  absl::StatusOr<std::optional<std::string>> known = rooms_.PortalOf(network, folded);
  if (!known.ok()) {
    return known.status();
  }
  if (known->has_value()) {
    return **known;
  }
  return CreatePortal(network, *net, folded);
}

absl::StatusOr<std::optional<std::string>> PortalCreator::RoomOf(std::string_view network,
                                                                 std::string_view channel) {
  const PortalNetwork* net = FindNetwork(network);
  if (net == nullptr) {
    return absl::InvalidArgumentError(Cat("unknown network ", network));
  }
  if (std::optional<std::string> room = net->static_channels.RoomOf(channel)) {
    return room;
  }
  return rooms_.PortalOf(network, net->isupport.case_mapping().Fold(channel));
}

absl::StatusOr<std::optional<std::pair<std::string, std::string>>> PortalCreator::ChannelOf(
    std::string_view room_id) {
  for (const auto& [id, net] : networks_) {
    if (std::optional<std::string> channel = net.static_channels.ChannelOf(room_id)) {
      return std::make_pair(id, *channel);
    }
  }
  absl::StatusOr<std::optional<BridgedRoom>> room = rooms_.Find(room_id);
  if (!room.ok()) {
    return room.status();
  }
  if (!room->has_value() || (*room)->kind != RoomKind::kPortal) {
    return std::nullopt;
  }
  return std::make_pair((*room)->network, (*room)->channel);
}

absl::StatusOr<std::string> PortalCreator::CreatePortal(std::string_view network,
                                                        const PortalNetwork& net,
                                                        std::string_view folded_channel) {
  absl::StatusOr<std::string> alias = NamerOf(net).AliasFor(network, folded_channel, net.isupport);
  if (!alias.ok()) {
    return alias.status();
  }
  // "#<localpart>:<server>" → "<localpart>".
  const std::string localpart = alias->substr(1, alias->find(':') - 1);
  const std::string info = bridge::BridgeInfoContent(net.bot_user_id, net.info, folded_channel)
                               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const std::string state_key = bridge::BridgeInfoStateKey(network, folded_channel);
  RoomCreation creation;
  creation.as_user = net.bot_user_id;
  creation.alias_localpart = localpart;
  creation.name = std::string(folded_channel);
  creation.public_chat = true;
  creation.initial_state = {
      StateEvent{std::string(bridge::kBridgeEventType), state_key, info},
      StateEvent{std::string(bridge::kLegacyBridgeEventType), state_key, info},
  };
  absl::StatusOr<std::string> room_id = matrix_.CreateRoom(creation);
  if (absl::IsAlreadyExists(room_id.status())) {
    // Another worker created the room with this alias first: adopt it.
    room_id = matrix_.ResolveAlias(*alias);
  }
  if (!room_id.ok()) {
    return room_id.status();
  }
  absl::StatusOr<std::string> portal = rooms_.AddPortal(network, folded_channel, *room_id);
  if (!portal.ok()) {
    return portal.status();
  }
  if (bots_ != nullptr) {
    if (absl::Status s = bots_->Join(network, net.bot_user_id, folded_channel); !s.ok()) {
      // The portal stands; puppets in the channel still receive it.
      common::LogWarn("portal channel not recorded for the bridge bot",
                      {{"network", std::string(network)}, {"error", s.ToString()}});
    }
  }
  common::LogInfo("portal room created", {{"network", std::string(network)},
                                          {"channel", std::string(folded_channel)},
                                          {"room_id", *portal}});
  return *portal;
}

}  // namespace mxedge::irc_worker
