#pragma once
// MeteredChannelReceivers: a ChannelReceivers that forwards to another one and keeps the
// receiver-lease metrics of LeaseMetrics (`lease="receiver"`) from the answers it sees:
// - taken: an acquisition of a channel this worker did not hold;
// - lost: a channel this worker held whose holder turned out to be another worker (an expired
//   lease taken over, seen on the next TryAcquire or Current);
// - held: the channels this worker holds as last seen (a Release takes one off; a lease left to
//   expire stays counted until the next answer for that channel says otherwise).
// Thread-safe when the inner store is.
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "channel_receivers.hpp"
#include "lease_metrics.hpp"

namespace mxedge::irc_worker {

class MeteredChannelReceivers final : public ChannelReceivers {
 public:
  // `inner` and `metrics` must outlive this object; `worker_id` is this worker's.
  MeteredChannelReceivers(ChannelReceivers& inner, LeaseMetrics& metrics, std::string worker_id);

  absl::StatusOr<ReceiverClaim> TryAcquire(std::string_view network,
                                           std::string_view folded_channel, const Receiver& me,
                                           std::chrono::milliseconds lease) override;
  absl::StatusOr<bool> Release(std::string_view network, std::string_view folded_channel,
                               const Receiver& me) override;
  absl::StatusOr<std::optional<Receiver>> Current(std::string_view network,
                                                  std::string_view folded_channel) override;

 private:
  using Channel = std::pair<std::string, std::string>;  // network, folded channel

  // Records that `holder` (nullopt: nobody) holds `channel` now.
  void Observe(const Channel& channel, const std::optional<Receiver>& holder);

  ChannelReceivers& inner_;
  LeaseMetrics& metrics_;
  std::string worker_id_;
  std::mutex mu_;
  std::map<Channel, std::string> held_;  // channel → the mxid of ours holding it
};

}  // namespace mxedge::irc_worker
