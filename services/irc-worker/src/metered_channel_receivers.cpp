#include "metered_channel_receivers.hpp"

namespace mxedge::irc_worker {

MeteredChannelReceivers::MeteredChannelReceivers(ChannelReceivers& inner, LeaseMetrics& metrics,
                                                 std::string worker_id)
    : inner_(inner), metrics_(metrics), worker_id_(std::move(worker_id)) {}

void MeteredChannelReceivers::Observe(const Channel& channel,
                                      const std::optional<Receiver>& holder) {
  std::lock_guard lock(mu_);
  auto it = held_.find(channel);
  const bool ours = holder.has_value() && holder->worker_id == worker_id_;
  if (ours) {
    if (it == held_.end()) {
      held_.emplace(channel, holder->mxid);
      metrics_.taken(LeaseKind::kReceiver).Increment();
      metrics_.held(LeaseKind::kReceiver).Increment();
    } else {
      it->second = holder->mxid;
    }
    return;
  }
  if (it == held_.end()) {
    return;
  }
  held_.erase(it);
  metrics_.held(LeaseKind::kReceiver).Decrement();
  if (holder.has_value()) {
    metrics_.lost(LeaseKind::kReceiver).Increment();
  }
}

absl::StatusOr<ReceiverClaim> MeteredChannelReceivers::TryAcquire(std::string_view network,
                                                                  std::string_view folded_channel,
                                                                  const Receiver& me,
                                                                  std::chrono::milliseconds lease) {
  absl::StatusOr<ReceiverClaim> claim = inner_.TryAcquire(network, folded_channel, me, lease);
  if (claim.ok()) {
    Observe(Channel(network, folded_channel), claim->holder);
  }
  return claim;
}

absl::StatusOr<bool> MeteredChannelReceivers::Release(std::string_view network,
                                                      std::string_view folded_channel,
                                                      const Receiver& me) {
  absl::StatusOr<bool> released = inner_.Release(network, folded_channel, me);
  if (released.ok() && *released) {
    std::lock_guard lock(mu_);
    auto it = held_.find(Channel(network, folded_channel));
    if (it != held_.end() && it->second == me.mxid) {
      held_.erase(it);
      metrics_.held(LeaseKind::kReceiver).Decrement();
    }
  }
  return released;
}

absl::StatusOr<std::optional<Receiver>> MeteredChannelReceivers::Current(
    std::string_view network, std::string_view folded_channel) {
  absl::StatusOr<std::optional<Receiver>> current = inner_.Current(network, folded_channel);
  if (current.ok()) {
    Observe(Channel(network, folded_channel), *current);
  }
  return current;
}

}  // namespace mxedge::irc_worker
