#include "in_memory_channel_receivers.hpp"

#include "irc_keys.hpp"
#include "mxedge/common/str_cat.hpp"
#include "script_replies.hpp"

namespace mxedge::irc_worker {

using common::Cat;

InMemoryChannelReceivers::InMemoryChannelReceivers(const common::Clock& clock) : clock_(clock) {}

InMemoryChannelReceivers::Lease* InMemoryChannelReceivers::FindLocked(const std::string& id) {
  auto it = leases_.find(id);
  if (it == leases_.end()) {
    return nullptr;
  }
  if (clock_.SteadyNow() >= it->second.expires) {
    leases_.erase(it);
    return nullptr;
  }
  return &it->second;
}

absl::StatusOr<ReceiverClaim> InMemoryChannelReceivers::TryAcquire(
    std::string_view network, std::string_view folded_channel, const Receiver& me,
    std::chrono::milliseconds lease) {
  if (absl::Status s = ValidateReceiverArgs(network, folded_channel, me); !s.ok()) {
    return s;
  }
  if (absl::Status s = scripts::ValidatePositive("receiver lease", lease); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  const std::string id = Cat(network, ":", folded_channel);
  if (Lease* current = FindLocked(id); current != nullptr && current->holder != me) {
    return ReceiverClaim{false, current->holder};
  }
  leases_[id] = Lease{me, clock_.SteadyNow() + lease};
  return ReceiverClaim{true, me};
}

absl::StatusOr<bool> InMemoryChannelReceivers::Release(std::string_view network,
                                                       std::string_view folded_channel,
                                                       const Receiver& me) {
  if (absl::Status s = ValidateReceiverArgs(network, folded_channel, me); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  const std::string id = Cat(network, ":", folded_channel);
  Lease* current = FindLocked(id);
  if (current == nullptr || current->holder != me) {
    return false;
  }
  leases_.erase(id);
  return true;
}

absl::StatusOr<std::optional<Receiver>> InMemoryChannelReceivers::Current(
    std::string_view network, std::string_view folded_channel) {
  if (absl::Status s = ValidateNetwork(network); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateKeyPart("channel", folded_channel); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  Lease* current = FindLocked(Cat(network, ":", folded_channel));
  if (current == nullptr) {
    return std::nullopt;
  }
  return current->holder;
}

}  // namespace mxedge::irc_worker
