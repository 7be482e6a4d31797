#include "pm_module.hpp"

#include "case_mapping_check.hpp"
#include "mxedge/common/str_cat.hpp"
#include "pm_observer.hpp"
#include "pm_target_lookup.hpp"

namespace mxedge::irc_worker {

using common::Cat;

absl::StatusOr<std::unique_ptr<PmModule>> PmModule::Create(
    const Config& config, redis::RedisClient& redis, const IrcKeys& keys,
    std::shared_ptr<grpc::ChannelInterface> matrix_out) {
  std::unique_ptr<PmModule> module(new PmModule());
  std::map<std::string, bridge::GhostNamer, std::less<>> namers;
  PmFromIrcOptions options;
  options.worker_id = EffectiveWorkerId(config);
  options.occurrence_window = 2 * config.ownership.replay_window;
  for (const NetworkConfig& net : config.networks) {
    absl::StatusOr<bridge::GhostNamer> namer =
        bridge::GhostNamer::Create(net.ghost_localpart_template, config.homeserver.server_name);
    if (!namer.ok()) {
      return absl::InvalidArgumentError(
          Cat("networks.", net.id, ".ghost_localpart_template: ", namer.status().message()));
    }
    namers.emplace(net.id, *std::move(namer));
    absl::StatusOr<bridge::FallbackCharset> charset =
        bridge::ParseFallbackCharset(net.fallback_charset);
    if (!charset.ok()) {
      return absl::InvalidArgumentError(
          Cat("networks.", net.id, ".fallback_charset: ", charset.status().message()));
    }
    options.charsets.emplace(net.id, *charset);
    options.key_mappings.emplace(net.id, KeyCaseMapping(net));
  }
  module->rooms_ = std::make_unique<RedisPmRooms>(redis, keys);
  module->matrix_ = std::make_unique<GrpcMatrixRooms>(matrix_out, config.grpc.internal_token,
                                                      config.router.request_timeout);
  module->profiles_ = std::make_unique<GrpcGhostProfiles>(matrix_out, config.grpc.internal_token,
                                                          config.router.request_timeout);
  module->records_ = std::make_unique<RedisLineRecords>(redis, keys);
  module->nicks_ = std::make_unique<RedisPuppetNicks>(redis, keys);
  module->sender_ = std::make_unique<GrpcMatrixSender>(
      std::move(matrix_out), config.grpc.internal_token, config.router.request_timeout);
  module->from_irc_ = std::make_unique<PmFromIrc>(
      *module->rooms_, *module->matrix_, *module->profiles_, *module->records_, *module->nicks_,
      *module->sender_, namers, std::move(options));
  module->from_matrix_ = std::make_unique<PmFromMatrix>(*module->rooms_, *module->matrix_,
                                                        *module->profiles_, std::move(namers));
  return module;
}

std::shared_ptr<const PortalLookup> PmModule::Targets(std::shared_ptr<const PortalLookup> portals) {
  return std::make_shared<PmTargetLookup>(std::move(portals), *rooms_);
}

std::shared_ptr<ConnectionObserver> PmModule::Observe(const ConnectionKey& key,
                                                      std::shared_ptr<ConnectionObserver> inner,
                                                      WorkQueue& queue) {
  return std::make_shared<PmObserver>(key, std::move(inner), queue, *from_irc_);
}

}  // namespace mxedge::irc_worker
