#include "rooms_module.hpp"

#include "bot_identity.hpp"
#include "case_mapping_check.hpp"
#include "mxedge/common/clock.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"
#include "nick_template.hpp"
#include "puppet_nick_observer.hpp"
#include "puppet_rooms_observer.hpp"

namespace mxedge::irc_worker {

using common::Cat;

absl::StatusOr<std::unique_ptr<RoomsModule>> RoomsModule::Create(
    const Config& config, redis::RedisClient& redis, const IrcKeys& keys,
    std::shared_ptr<grpc::ChannelInterface> matrix_out) {
  std::unique_ptr<RoomsModule> module(new RoomsModule());
  module->worker_id_ = EffectiveWorkerId(config);
  absl::StatusOr<bridge::PortalAliasNamer> namer = bridge::PortalAliasNamer::Create(
      bridge::PortalAliasNamer::kDefaultTemplate, config.homeserver.server_name);
  if (!namer.ok()) {
    return absl::InvalidArgumentError(Cat("homeserver.server_name: ", namer.status().message()));
  }
  absl::StatusOr<BridgeAdmins> admins = BridgeAdmins::Parse(config.bridge.admins);
  if (!admins.ok()) {
    return absl::InvalidArgumentError(Cat("bridge.admins: ", admins.status().message()));
  }
  std::map<std::string, PortalNetwork, std::less<>> portal_networks;
  for (const NetworkConfig& net : config.networks) {
    absl::StatusOr<ChannelMapping> channels =
        ChannelMapping::Parse(net.channels, KeyCaseMapping(net));
    if (!channels.ok()) {
      return absl::InvalidArgumentError(
          Cat("networks.", net.id, ".channels: ", channels.status().message()));
    }
    absl::StatusOr<bridge::PuppetNamer> nick_namer = ParseNickTemplate(net.nick_template);
    if (!nick_namer.ok()) {
      return absl::InvalidArgumentError(
          Cat("networks.", net.id, ".nick_template: ", nick_namer.status().message()));
    }
    module->nick_namers_.emplace(net.id, *std::move(nick_namer));
    absl::StatusOr<std::string> bot =
        BotUserId(net.bot_localpart, net.id, config.homeserver.server_name);
    if (!bot.ok()) {
      return absl::InvalidArgumentError(
          Cat("networks.", net.id, ".bot_localpart: ", bot.status().message()));
    }
    absl::StatusOr<std::string> alias_template =
        PortalAliasLocalpartTemplate(net.portal_alias_template);
    absl::StatusOr<bridge::PortalAliasNamer> net_namer =
        alias_template.ok()
            ? bridge::PortalAliasNamer::Create(*alias_template, config.homeserver.server_name)
            : absl::StatusOr<bridge::PortalAliasNamer>(alias_template.status());
    if (!net_namer.ok()) {
      return absl::InvalidArgumentError(
          Cat("networks.", net.id, ".portal_alias_template: ", net_namer.status().message()));
    }
    PortalNetwork portal;
    portal.info = {.id = net.id, .displayname = net.id, .domain = net.host, .icon = ""};
    portal.bot_user_id = *bot;
    portal.isupport = KeyIsupport(net);  // portal keys fold by the network's casemapping
    portal.static_channels = *std::move(channels);
    portal.alias_namer = *std::move(net_namer);
    portal_networks.emplace(net.id, std::move(portal));
    module->admin_networks_.emplace(
        net.id,
        AdminNetwork{.bot_user_id = *bot, .isupport = KeyIsupport(net), .bridge_admins = *admins});
    module->quit_messages_.emplace(net.id, net.quit_message);
    absl::StatusOr<bridge::GhostNamer> ghosts =
        bridge::GhostNamer::Create(net.ghost_localpart_template, config.homeserver.server_name);
    if (!ghosts.ok()) {
      return absl::InvalidArgumentError(
          Cat("networks.", net.id, ".ghost_localpart_template: ", ghosts.status().message()));
    }
    module->ghost_namers_.emplace(net.id, *std::move(ghosts));
  }
  module->bridge_admins_ = *admins;
  module->rooms_ = std::make_unique<RedisBridgedRooms>(redis, keys);
  absl::StatusOr<std::unique_ptr<PmModule>> pms = PmModule::Create(config, redis, keys, matrix_out);
  if (!pms.ok()) {
    return pms.status();
  }
  module->pms_ = *std::move(pms);
  std::optional<common::SecretBox> box;
  if (!config.redis.encryption_key.empty()) {
    absl::StatusOr<common::SecretBox> created =
        common::SecretBox::Create(config.redis.encryption_key);
    if (!created.ok()) {
      return absl::InvalidArgumentError(Cat("redis.encryption_key: ", created.status().message()));
    }
    box.emplace(*std::move(created));
  }
  module->credentials_ = std::make_unique<RedisUserCredentials>(redis, keys, std::move(box));
  module->nick_records_ = std::make_unique<RedisPuppetNickRecords>(redis, keys);
  if (absl::Status s = module->credentials_->CheckKey(); absl::IsFailedPrecondition(s)) {
    return absl::FailedPreconditionError(Cat("redis.encryption_key: ", s.message()));
  } else if (!s.ok()) {
    common::LogWarn("the key check of stored IRC passwords could not be read",
                    {{"error", s.ToString()}});
  }
  module->directory_ =
      std::make_shared<PortalDirectory>(*module->rooms_, &common::SystemClock::Instance());
  module->mover_ = std::make_unique<RedisPortalMover>(redis, keys);
  module->room_state_ = std::make_unique<GrpcRoomState>(matrix_out, config.grpc.internal_token,
                                                        config.router.request_timeout);
  module->plumbed_ = std::make_unique<RedisPlumbedRooms>(redis, keys);
  module->roster_ = std::make_unique<GrpcRoomRoster>(matrix_out, config.grpc.internal_token,
                                                     config.router.request_timeout);
  module->remote_lines_ = std::make_unique<GrpcRemotePuppetLines>(
      redis, keys, module->worker_id_, config.grpc.internal_token, config.router.request_timeout);
  module->matrix_ = std::make_unique<GrpcMatrixRooms>(
      std::move(matrix_out), config.grpc.internal_token, config.router.request_timeout);
  module->portals_ = std::make_unique<PortalCreator>(*module->rooms_, *module->matrix_,
                                                     *std::move(namer), std::move(portal_networks));
  return module;
}

void RoomsModule::AttachPortals(std::map<std::string, ChannelMapping, std::less<>>& mappings) {
  for (auto& [network, mapping] : mappings) {
    mapping.SetPortals(network, pms_->Targets(directory_));
  }
}

void RoomsModule::Finish(PuppetLines& lines, ConnectionManager& manager, ConnectionClaims& claims,
                         ManagerPuppetControl::Reopen reopen, MatrixToIrc& messages) {
  const std::string quit_message =
      quit_messages_.empty() ? std::string() : quit_messages_.begin()->second;
  puppets_ = std::make_unique<ManagerPuppetControl>(lines, manager, claims, std::move(reopen),
                                                    quit_message);
  nick_sync_ = std::make_unique<PuppetNickSync>(*nick_records_, *puppets_, nick_namers_);
  nick_watcher_ = std::make_unique<NickRequestWatcher>(*puppets_, *nick_sync_);
  admin_ = std::make_unique<AdminRoom>(*rooms_, *matrix_, *nick_watcher_, *portals_,
                                       admin_networks_, credentials_.get());
  membership_ = std::make_unique<PortalMembership>(*rooms_, *puppets_);
  delivery_ = std::make_unique<BridgeDelivery>(messages, *admin_, *membership_, *portals_, *rooms_,
                                               worker_id_, &pms_->from_matrix());
  delivery_->SetMemberListener(nick_sync_.get());
  upgrades_ = std::make_unique<RoomUpgrades>(*rooms_, *mover_, *matrix_, *room_state_, *portals_,
                                             directory_.get());
  delivery_->SetRoomUpgrades(upgrades_.get());
  plumbing_ = std::make_unique<RoomPlumbing>(*plumbed_, *rooms_, *portals_, *matrix_, *room_state_,
                                             *roster_, *puppets_, bridge_admins_, ghost_namers_,
                                             directory_.get());
  plumbing_->SetRemote(remote_lines_.get());
  bot_channels_ = std::make_unique<BotChannels>(*rooms_, *puppets_, remote_lines_.get());
  portals_->SetBotChannels(bot_channels_.get());
  plumbing_->SetBotChannels(bot_channels_.get());
  delivery_->SetPlumbing(plumbing_.get());
}

std::shared_ptr<ConnectionObserver> RoomsModule::Observe(const ConnectionKey& key,
                                                         std::shared_ptr<ConnectionObserver> inner,
                                                         WorkQueue& queue) {
  auto rooms = std::make_shared<PuppetRoomsObserver>(
      key, pms_->Observe(key, std::move(inner), queue), queue, *admin_, *rooms_, *puppets_);
  return std::make_shared<PuppetNickObserver>(key, std::move(rooms), queue, *nick_sync_);
}

}  // namespace mxedge::irc_worker
