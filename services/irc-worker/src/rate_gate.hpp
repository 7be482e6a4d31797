#pragma once
// RateGate: the ConnectGate over the Redis token bucket each network shares with the other
// workers (ConnectRate), with each network's rate and burst from the config.
#include <chrono>
#include <string_view>

#include "absl/status/statusor.h"
#include "config.hpp"
#include "connect_gate.hpp"
#include "connect_rate.hpp"

namespace mxedge::irc_worker {

// The network's config, nullptr when there is none with that id.
const NetworkConfig* FindNetwork(const Config& config, std::string_view id);

class RateGate final : public ConnectGate {
 public:
  // `rate` and `config` must outlive this.
  RateGate(ConnectRate& rate, const Config& config) : rate_(rate), config_(config) {}
  // 0 when the connection may start now, else how long to wait; NotFound for an unknown network.
  absl::StatusOr<std::chrono::milliseconds> TryAcquire(std::string_view network) override;

 private:
  ConnectRate& rate_;
  const Config& config_;
};

}  // namespace mxedge::irc_worker
