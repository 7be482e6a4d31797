#pragma once
// MembershipModule: membership, modes and topic both ways, assembled for the App: IrcMembership
// (IRC → Matrix, fed by a MembershipObserver on every connection), MatrixModeration (Matrix →
// IRC, in front of the delivery), their MatrixOut clients, and a thread that runs the planned
// ghost joins and held QUITs when they are due. Settings per network from config.yaml
// (`ghost_join_rate`, `quit_debounce_burst`, `quit_debounce_hold`, `ghost_localpart_template`,
// `casemapping`: the folding of the shared keys, checked against what each server announces);
// the bridge bot of each network is the portals' (PortalCreator). With `bot_leaves_when_puppets`
// the bot's connection is watched by a BotPresenceObserver and BotPresence parts and rejoins its
// channels (its NAMES polls run on the same thread as the ghost joins).
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "bot_presence.hpp"
#include "bridged_rooms.hpp"
#include "case_mapping_check.hpp"
#include "channel_mapping.hpp"
#include "channel_receivers.hpp"
#include "config.hpp"
#include "connection_events.hpp"
#include "connection_key.hpp"
#include "delivery_records.hpp"
#include "grpc_matrix_rooms.hpp"
#include "grpc_room_members.hpp"
#include "grpc_room_state.hpp"
#include "irc_membership.hpp"
#include "matrix_moderation.hpp"
#include "mxedge/common/metrics_registry.hpp"
#include "portal_creator.hpp"
#include "puppet_lines.hpp"
#include "puppet_nicks.hpp"
#include "work_queue.hpp"

namespace mxedge::irc_worker {

struct MembershipDeps {
  PuppetNicks& nicks;
  ChannelReceivers& receivers;
  PuppetLines& lines;
  BridgedRooms& rooms;
  const PortalCreator& portals;
  std::shared_ptr<grpc::ChannelInterface> matrix_out;
  // The `irc:sent` records of Matrix → IRC lines (MatrixModeration's); null: none.
  DeliveryRecords* records = nullptr;
  // Where the modules' counters are registered; null: registries of their own.
  common::MetricsRegistry* metrics = nullptr;
};

class MembershipModule {
 public:
  // Every reference in `deps` must outlive the module. `mappings`: network id → its channels.
  MembershipModule(const Config& config, std::string worker_id, MembershipDeps deps,
                   const std::map<std::string, ChannelMapping, std::less<>>& mappings);
  ~MembershipModule();

  // `inner` wrapped so the connection's membership lines reach IrcMembership through `queue`.
  std::shared_ptr<ConnectionObserver> Observe(const ConnectionKey& key,
                                              std::shared_ptr<ConnectionObserver> inner,
                                              WorkQueue& queue);

  MatrixModeration& moderation() { return *moderation_; }
  BotPresence& bot_presence() { return *bot_presence_; }
  IrcMembership& membership() { return *membership_; }

  // Starts and stops the thread of due ghost joins and held QUITs.
  void Start();
  void Stop();

 private:
  void TickLoop();

  std::unique_ptr<CaseMappingCheck> case_mappings_;
  std::unique_ptr<GrpcRoomMembers> members_;
  std::unique_ptr<GrpcRoomState> state_;
  std::unique_ptr<GrpcMatrixRooms> notices_;
  std::unique_ptr<IrcMembership> membership_;
  std::unique_ptr<MatrixModeration> moderation_;
  std::unique_ptr<BotPresence> bot_presence_;

  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread ticker_;
};

}  // namespace mxedge::irc_worker
