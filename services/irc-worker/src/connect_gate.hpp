#pragma once
// ConnectGate: asked before every connect attempt, so all workers together keep a network's
// connect rate (the Redis-backed ConnectRate of the ownership layer implements it in the service;
// tests use UnlimitedConnectGate or a fake).
#include <chrono>
#include <string_view>

#include "absl/status/statusor.h"

namespace mxedge::irc_worker {

class ConnectGate {
 public:
  virtual ~ConnectGate() = default;
  // Zero when a connect to `network` may start now; otherwise how long to wait before asking
  // again. An error means the gate could not be asked (the caller waits and asks again).
  // Called on a connection loop's thread: it must answer quickly.
  virtual absl::StatusOr<std::chrono::milliseconds> TryAcquire(std::string_view network) = 0;
};

class UnlimitedConnectGate final : public ConnectGate {
 public:
  absl::StatusOr<std::chrono::milliseconds> TryAcquire(std::string_view) override {
    return std::chrono::milliseconds(0);
  }
};

}  // namespace mxedge::irc_worker
