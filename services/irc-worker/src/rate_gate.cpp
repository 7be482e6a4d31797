#include "rate_gate.hpp"

#include <string>

#include "absl/strings/str_cat.h"

namespace mxedge::irc_worker {

const NetworkConfig* FindNetwork(const Config& config, std::string_view id) {
  for (const NetworkConfig& network : config.networks) {
    if (network.id == id) {
      return &network;
    }
  }
  return nullptr;
}

absl::StatusOr<std::chrono::milliseconds> RateGate::TryAcquire(std::string_view network) {
  const NetworkConfig* net = FindNetwork(config_, network);
  if (net == nullptr) {
    return absl::NotFoundError(absl::StrCat("unknown network ", std::string(network)));
  }
  absl::StatusOr<ConnectPermit> permit = rate_.TryAcquire(
      network, ConnectRateLimit{net->connect_rate, static_cast<int64_t>(net->connect_burst)});
  if (!permit.ok()) {
    return permit.status();
  }
  return permit->granted ? std::chrono::milliseconds(0) : permit->wait;
}

}  // namespace mxedge::irc_worker
