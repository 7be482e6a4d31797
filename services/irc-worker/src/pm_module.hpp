#pragma once
// PmModule: private chats with IRC users, assembled for the rooms side: the Redis PmRooms, the
// MatrixOut room and profile operations as ghosts, PmFromIrc (behind each connection's
// PmObserver) and PmFromMatrix (behind BridgeDelivery), and the lookup that lets MatrixToIrc send
// a private chat's messages to its nick. Ghost ids follow each network's
// `ghost_localpart_template` (libs/bridge GhostNamer), so the nick is read back from an invited
// ghost's id.
#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "channel_mapping.hpp"
#include "config.hpp"
#include "connection_events.hpp"
#include "connection_key.hpp"
#include "grpc_ghost_profiles.hpp"
#include "grpc_matrix_rooms.hpp"
#include "grpc_matrix_sender.hpp"
#include "irc_keys.hpp"
#include "mxedge/redis/redis_client.hpp"
#include "pm_from_irc.hpp"
#include "pm_from_matrix.hpp"
#include "redis_line_records.hpp"
#include "redis_pm_rooms.hpp"
#include "redis_puppet_nicks.hpp"
#include "work_queue.hpp"

namespace mxedge::irc_worker {

class PmModule {
 public:
  // `redis` must outlive the module. Errors name the config key.
  static absl::StatusOr<std::unique_ptr<PmModule>> Create(
      const Config& config, redis::RedisClient& redis, const IrcKeys& keys,
      std::shared_ptr<grpc::ChannelInterface> matrix_out);

  // `portals` with the private chats after it (see PmTargetLookup).
  std::shared_ptr<const PortalLookup> Targets(std::shared_ptr<const PortalLookup> portals);

  // `inner` wrapped with the PmObserver of `key`'s connection.
  std::shared_ptr<ConnectionObserver> Observe(const ConnectionKey& key,
                                              std::shared_ptr<ConnectionObserver> inner,
                                              WorkQueue& queue);

  PmFromMatrix& from_matrix() { return *from_matrix_; }
  PmFromIrc& from_irc() { return *from_irc_; }
  PmRooms& rooms() { return *rooms_; }

 private:
  PmModule() = default;

  std::unique_ptr<RedisPmRooms> rooms_;
  std::unique_ptr<GrpcMatrixRooms> matrix_;
  std::unique_ptr<GrpcGhostProfiles> profiles_;
  std::unique_ptr<RedisLineRecords> records_;
  std::unique_ptr<RedisPuppetNicks> nicks_;
  std::unique_ptr<GrpcMatrixSender> sender_;
  std::unique_ptr<PmFromIrc> from_irc_;
  std::unique_ptr<PmFromMatrix> from_matrix_;
};

}  // namespace mxedge::irc_worker
