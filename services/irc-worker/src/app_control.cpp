#include "app_parts.hpp"

namespace mxedge::irc_worker {

absl::StatusOr<PuppetReadiness> App::Parts::Prepare(std::string_view network,
                                                    std::string_view mxid) {
  ConnectionKey key{std::string(network), std::string(mxid)};
  if (std::optional<ConnectionInfo> info = manager->Find(key)) {
    return info->state == ConnectionState::kRegistered ? PuppetReadiness::kReady
                                                       : PuppetReadiness::kConnecting;
  }
  if (absl::Status s = claims->AddWanted(network, mxid); !s.ok()) {
    return s;
  }
  // A reconcile round now: it claims the connection when this worker may take
  // it.
  absl::StatusOr<bool> held = OnEngine<bool>([this, key] {
    absl::StatusOr<ReconcilePlan> plan = reconciler->Reconcile();
    if (plan.ok()) {
      ApplyPlan(*plan);
    }
    return reconciler->held().contains(key);
  });
  if (!held.ok()) {
    return held.status();
  }
  return *held ? PuppetReadiness::kConnecting : PuppetReadiness::kNotMine;
}

absl::StatusOr<std::string> App::Parts::RelaySource(std::string_view network,
                                                    std::string_view mxid) {
  std::optional<ConnectionInfo> info =
      manager->Find(ConnectionKey{std::string(network), std::string(mxid)});
  if (!info || info->state != ConnectionState::kRegistered) {
    return absl::NotFoundError("connection not open");
  }
  // The host the server shows is not known here: budget for the longest one (63
  // bytes).
  return absl::StrCat(info->nick, "!~", RenderUsername(info->nick), "@", std::string(63, 'h'));
}

absl::Status App::Parts::Send(std::string_view network, std::string_view mxid, std::string line,
                              Done done) {
  limits->Active(ConnectionKey{std::string(network), std::string(mxid)});
  return manager->Send(ConnectionKey{std::string(network), std::string(mxid)}, std::move(line),
                       [done = std::move(done)](const absl::Status& s) { done(s); });
}

void App::Parts::Status(std::string_view network, bool include_connections,
                        v1::GetStatusReply& reply) {
  reply.set_worker_id(worker_id);
  reply.set_draining(draining.load());
  reply.set_capacity(static_cast<int32_t>(config.worker.capacity));
  absl::StatusOr<int64_t> epoch = OnEngine<int64_t>([this]() -> int64_t {
    std::optional<ownership::Lease> self = reconciler->self();
    return self ? self->epoch : 0;
  });
  FillStatusReply(manager->List(network), include_connections, epoch.value_or(0), reply);
}

absl::StatusOr<DrainResult> App::Parts::Drain(std::string_view quit_message,
                                              std::chrono::milliseconds deadline) {
  draining.store(true);
  absl::StatusOr<absl::Status> began =
      OnEngine<absl::Status>([this] { return reconciler->BeginDrain(); });
  if (!began.ok()) {
    return began.status();
  }
  if (!began->ok()) {
    return *began;
  }
  std::string message(quit_message);
  if (message.empty() && !config.networks.empty()) {
    message = config.networks.front().quit_message;
  }
  DrainResult result;
  result.forced = manager->Drain(message, deadline);
  absl::StatusOr<absl::StatusOr<int64_t>> release_count =
      OnEngine<absl::StatusOr<int64_t>>([this]() -> absl::StatusOr<int64_t> {
        absl::StatusOr<int64_t> count = reconciler->ReleaseAll();
        released = count.ok();
        return count;
      });
  if (!release_count.ok()) {
    return release_count.status();
  }
  if (!release_count->ok()) {
    return release_count->status();
  }
  result.released = static_cast<int32_t>(**release_count);
  registered.store(false);
  return result;
}

absl::StatusOr<RebalanceResult> App::Parts::Rebalance(int32_t max_moves, std::string_view network,
                                                      bool dry_run) {
  if (!network.empty() && FindNetwork(config, network) == nullptr) {
    return absl::NotFoundError(absl::StrCat("unknown network ", std::string(network)));
  }
  if (dry_run) {
    return PreviewRebalanceOnEngine(max_moves, network);
  }
  absl::StatusOr<int64_t> held = OnEngine<int64_t>([this, max_moves] {
    reconciler->Rebalance(max_moves, config.drain.rebalance_per_second);
    return static_cast<int64_t>(reconciler->held().size());
  });
  if (!held.ok()) {
    return held.status();
  }
  RebalanceResult result;
  result.moved = 0;
  result.remaining = static_cast<int32_t>(std::min<int64_t>(max_moves, *held));
  return result;
}

absl::StatusOr<RebalanceResult> App::Parts::PreviewRebalanceOnEngine(int32_t max_moves,
                                                                     std::string_view network) {
  absl::StatusOr<absl::StatusOr<RebalancePreview>> preview =
      OnEngine<absl::StatusOr<RebalancePreview>>(
          [this, max_moves, network = std::string(network)]() -> absl::StatusOr<RebalancePreview> {
            absl::StatusOr<std::vector<WorkerInfo>> live =
                registry->LiveWorkers(config.ownership.owner_timeout);
            if (!live.ok()) {
              return live.status();
            }
            return PreviewRebalance(reconciler->held(), *live, worker_id, network, max_moves,
                                    reconciler->draining());
          });
  if (!preview.ok()) {
    return preview.status();
  }
  if (!preview->ok()) {
    return preview->status();
  }
  const RebalancePreview& p = **preview;
  for (const auto& [worker, count] : p.by_worker) {
    common::LogInfo("rebalance dry run: would hand over",
                    {{"to_worker", worker}, {"connections", count}});
  }
  RebalanceResult result;
  result.moved = static_cast<int32_t>(p.moves.size());
  result.remaining = static_cast<int32_t>(p.remaining);
  return result;
}

absl::Status App::Parts::SendRaw(std::string_view network, std::string_view mxid,
                                 std::string line) {
  return manager->Send(ConnectionKey{std::string(network), std::string(mxid)}, std::move(line),
                       [](const absl::Status& s) {
                         if (!s.ok()) {
                           common::LogWarn("raw line not sent", {{"error", s.ToString()}});
                         }
                       });
}

absl::Status App::Parts::Readiness() {
  std::vector<std::string> ping = {"PING"};
  if (absl::StatusOr<redis::Reply> pong = redis->Execute(ping); !pong.ok()) {
    return absl::UnavailableError(absl::StrCat("redis: ", pong.status().message()));
  }
  if (!registered.load()) {
    return absl::UnavailableError("not registered in the worker registry");
  }
  auto last = std::chrono::steady_clock::time_point(
      std::chrono::steady_clock::duration(last_round_ns.load()));
  auto limit = std::max<std::chrono::milliseconds>(3 * config.ownership.heartbeat_interval,
                                                   std::chrono::milliseconds(5000));
  if (std::chrono::steady_clock::now() - last > limit) {
    return absl::UnavailableError("the reconcile loop has not completed a round recently");
  }
  return absl::OkStatus();
}

}  // namespace mxedge::irc_worker
