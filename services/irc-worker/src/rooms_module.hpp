#pragma once
// RoomsModule: the rooms side of the bridge, assembled for the App: the Redis BridgedRooms, the
// MatrixOut room operations, portal creation, the admin rooms, portal membership, the delivery
// front and the per-connection observer. Built in two steps because message bridging needs the
// portal lookup in its channel mappings before it exists, and the rooms side needs message
// bridging and the connections after:
//   Create → AttachPortals(mappings) → (App builds MatrixToIrc) → Finish(...).
// Names: the bridge bot of a network is `@<bot_localpart>:<server_name>` and portal aliases follow
// `<portal_alias_template>:<server_name>`, per network as in the router's config (defaults
// `irc_$NETWORK` and `#irc_$NETWORK_$CHANNEL`). `bridge.admins` may use !cmd. The users' stored
// logins (!username, !storepass) live in RedisUserCredentials, sealed with `redis.encryption_key`.
// Existing rooms the bot is invited into can be plumbed by their moderators (RoomPlumbing).
#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "admin_room.hpp"
#include "bot_channels.hpp"
#include "bridge_delivery.hpp"
#include "channel_mapping.hpp"
#include "config.hpp"
#include "grpc_matrix_rooms.hpp"
#include "grpc_remote_puppet_lines.hpp"
#include "grpc_room_roster.hpp"
#include "grpc_room_state.hpp"
#include "irc_keys.hpp"
#include "manager_puppet_control.hpp"
#include "mxedge/redis/redis_client.hpp"
#include "nick_request_watcher.hpp"
#include "pm_module.hpp"
#include "portal_creator.hpp"
#include "portal_directory.hpp"
#include "portal_membership.hpp"
#include "puppet_nick_sync.hpp"
#include "redis_bridged_rooms.hpp"
#include "redis_plumbed_rooms.hpp"
#include "redis_portal_mover.hpp"
#include "redis_puppet_nick_records.hpp"
#include "redis_user_credentials.hpp"
#include "room_plumbing.hpp"
#include "room_upgrades.hpp"
#include "work_queue.hpp"

namespace mxedge::irc_worker {

class RoomsModule {
 public:
  // `redis` must outlive the module. Errors name the config key.
  static absl::StatusOr<std::unique_ptr<RoomsModule>> Create(
      const Config& config, redis::RedisClient& redis, const IrcKeys& keys,
      std::shared_ptr<grpc::ChannelInterface> matrix_out);

  // Makes every mapping of `mappings` (network id → static mapping) answer for portals too.
  void AttachPortals(std::map<std::string, ChannelMapping, std::less<>>& mappings);

  // Builds the parts that need the connections and message bridging; all must outlive the module.
  void Finish(PuppetLines& lines, ConnectionManager& manager, ConnectionClaims& claims,
              ManagerPuppetControl::Reopen reopen, MatrixToIrc& messages);

  // `inner` wrapped with the admin room notices and channel rejoins (after Finish).
  std::shared_ptr<ConnectionObserver> Observe(const ConnectionKey& key,
                                              std::shared_ptr<ConnectionObserver> inner,
                                              WorkQueue& queue);

  BridgeDelivery& delivery() { return *delivery_; }
  AdminRoom& admin() { return *admin_; }  // after Finish
  PmModule& pms() { return *pms_; }
  PortalCreator& portals() { return *portals_; }
  UserCredentials& credentials() { return *credentials_; }
  BridgedRooms& rooms() { return *rooms_; }
  PuppetNickSync& nicks() { return *nick_sync_; }  // after Finish

 private:
  RoomsModule() = default;

  std::string worker_id_;
  std::map<std::string, std::string, std::less<>> quit_messages_;
  std::map<std::string, AdminNetwork, std::less<>> admin_networks_;
  std::unique_ptr<RedisBridgedRooms> rooms_;
  std::unique_ptr<RedisUserCredentials> credentials_;
  std::shared_ptr<PortalDirectory> directory_;
  std::unique_ptr<GrpcMatrixRooms> matrix_;
  std::unique_ptr<PortalCreator> portals_;
  std::unique_ptr<ManagerPuppetControl> puppets_;
  std::unique_ptr<AdminRoom> admin_;
  std::unique_ptr<PortalMembership> membership_;
  std::unique_ptr<BridgeDelivery> delivery_;
  std::unique_ptr<GrpcRoomState> room_state_;
  std::unique_ptr<RedisPortalMover> mover_;
  std::unique_ptr<RoomUpgrades> upgrades_;  // tombstones: portals follow room upgrades
  std::unique_ptr<PmModule> pms_;           // private chats with IRC users
  // Puppet nicks: the networks' nick templates, display names and chosen nicks, NICKs the user
  // sends from the admin room.
  std::map<std::string, bridge::PuppetNamer, std::less<>> nick_namers_;
  std::unique_ptr<RedisPuppetNickRecords> nick_records_;
  std::unique_ptr<PuppetNickSync> nick_sync_;
  std::unique_ptr<NickRequestWatcher> nick_watcher_;
  // !plumb / !unlink: existing rooms bridged by their moderators.
  BridgeAdmins bridge_admins_;
  std::map<std::string, bridge::GhostNamer, std::less<>> ghost_namers_;
  std::unique_ptr<RedisPlumbedRooms> plumbed_;
  std::unique_ptr<GrpcRoomRoster> roster_;
  std::unique_ptr<GrpcRemotePuppetLines> remote_lines_;
  std::unique_ptr<RoomPlumbing> plumbing_;
  std::unique_ptr<BotChannels> bot_channels_;
};

}  // namespace mxedge::irc_worker
