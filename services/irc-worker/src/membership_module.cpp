#include "membership_module.hpp"

#include <algorithm>
#include <utility>

#include "bot_presence_observer.hpp"
#include "membership_observer.hpp"
#include "mxedge/common/log.hpp"

namespace mxedge::irc_worker {

namespace {

// The longest the ticker sleeps: new plans are picked up within this.
constexpr std::chrono::milliseconds kMaxTickWait{200};
// How often a bridge bot outside a channel (bot_leaves_when_puppets) asks who is in it.
constexpr std::chrono::milliseconds kBotNamesPoll{10'000};

}  // namespace

MembershipModule::MembershipModule(
    const Config& config, std::string worker_id, MembershipDeps deps,
    const std::map<std::string, ChannelMapping, std::less<>>& mappings) {
  case_mappings_ = std::make_unique<CaseMappingCheck>(config);
  members_ = std::make_unique<GrpcRoomMembers>(deps.matrix_out, config.grpc.internal_token,
                                               config.router.request_timeout);
  state_ = std::make_unique<GrpcRoomState>(deps.matrix_out, config.grpc.internal_token,
                                           config.router.request_timeout);
  notices_ = std::make_unique<GrpcMatrixRooms>(deps.matrix_out, config.grpc.internal_token,
                                               config.router.request_timeout);
  IrcMembershipOptions options;
  options.worker_id = worker_id;
  options.server_name = config.homeserver.server_name;
  options.receiver_lease = config.ownership.receiver_lease;
  std::map<std::string, std::string, std::less<>> bots;
  std::map<std::string, BotPresenceNetwork, std::less<>> bot_networks;
  for (const NetworkConfig& net : config.networks) {
    const PortalNetwork* portal = deps.portals.FindNetwork(net.id);
    IrcMembershipNetwork settings;
    settings.ghost_template = net.ghost_localpart_template;
    settings.bot_user_id = portal != nullptr ? portal->bot_user_id : std::string();
    settings.key_mapping = KeyCaseMapping(net);
    settings.ghost_join_rate = net.ghost_join_rate;
    settings.quit_debounce_burst = static_cast<std::size_t>(std::max(0, net.quit_debounce_burst));
    settings.quit_debounce_hold = net.quit_debounce_hold;
    options.networks.emplace(net.id, settings);
    bots.emplace(net.id, settings.bot_user_id);
    bot_networks.emplace(net.id,
                         BotPresenceNetwork{.bot_mxid = settings.bot_user_id,
                                            .leaves_when_puppets = net.bot_leaves_when_puppets,
                                            .key_mapping = settings.key_mapping});
  }
  membership_ = std::make_unique<IrcMembership>(deps.nicks, deps.receivers, *members_, *state_,
                                                mappings, std::move(options));
  moderation_ = std::make_unique<MatrixModeration>(
      deps.lines, *membership_, deps.rooms, *notices_, mappings, std::move(bots),
      MatrixModerationOptions{.records = deps.records, .metrics = deps.metrics});
  bot_presence_ =
      std::make_unique<BotPresence>(deps.nicks, deps.lines, deps.receivers, std::move(worker_id),
                                    mappings, std::move(bot_networks), kBotNamesPoll);
}

MembershipModule::~MembershipModule() { Stop(); }

std::shared_ptr<ConnectionObserver> MembershipModule::Observe(
    const ConnectionKey& key, std::shared_ptr<ConnectionObserver> inner, WorkQueue& queue) {
  auto observer = std::make_shared<MembershipObserver>(key, std::move(inner), queue, *membership_,
                                                       *case_mappings_);
  if (bot_presence_->Applies(key)) {
    return std::make_shared<BotPresenceObserver>(key, std::move(observer), queue, *bot_presence_);
  }
  return observer;
}

void MembershipModule::Start() {
  std::lock_guard lock(mu_);
  if (ticker_.joinable()) {
    return;
  }
  stopping_ = false;
  ticker_ = std::thread([this] { TickLoop(); });
}

void MembershipModule::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (ticker_.joinable()) {
    ticker_.join();
  }
}

void MembershipModule::TickLoop() {
  using Clock = std::chrono::steady_clock;
  while (true) {
    const Clock::time_point now = Clock::now();
    if (absl::Status s = membership_->Tick(now); !s.ok()) {
      common::LogWarn("planned ghost membership not applied", {{"error", s.ToString()}});
    }
    if (absl::Status s = bot_presence_->Tick(now); !s.ok()) {
      common::LogWarn("bridge bot NAMES not asked", {{"error", s.ToString()}});
    }
    Clock::time_point until = Clock::now() + kMaxTickWait;
    for (const std::optional<Clock::time_point>& next :
         {membership_->NextDeadline(), bot_presence_->NextDeadline()}) {
      if (next.has_value()) {
        until = std::min(until, *next);
      }
    }
    std::unique_lock lock(mu_);
    if (wake_.wait_until(lock, until, [this] { return stopping_; })) {
      return;
    }
  }
}

}  // namespace mxedge::irc_worker
