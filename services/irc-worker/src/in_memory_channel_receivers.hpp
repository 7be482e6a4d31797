#pragma once
// InMemoryChannelReceivers: ChannelReceivers in process memory; leases expire on the given clock's
// steady time, as Redis PX would. Thread-safe.
#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "channel_receivers.hpp"
#include "mxedge/common/clock.hpp"

namespace mxedge::irc_worker {

class InMemoryChannelReceivers final : public ChannelReceivers {
 public:
  // `clock` must outlive this.
  explicit InMemoryChannelReceivers(const common::Clock& clock);

  absl::StatusOr<ReceiverClaim> TryAcquire(std::string_view network,
                                           std::string_view folded_channel, const Receiver& me,
                                           std::chrono::milliseconds lease) override;
  absl::StatusOr<bool> Release(std::string_view network, std::string_view folded_channel,
                               const Receiver& me) override;
  absl::StatusOr<std::optional<Receiver>> Current(std::string_view network,
                                                  std::string_view folded_channel) override;

 private:
  struct Lease {
    Receiver holder;
    std::chrono::steady_clock::time_point expires;
  };
  // The unexpired lease of the channel, dropping an expired one.
  Lease* FindLocked(const std::string& id);

  const common::Clock& clock_;
  std::mutex mu_;
  std::map<std::string, Lease> leases_;  // "<network>:<folded channel>"
};

}  // namespace mxedge::irc_worker
