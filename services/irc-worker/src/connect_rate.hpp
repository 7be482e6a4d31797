#pragma once
// ConnectRate: one network-wide connect rate shared by every irc-worker (`irc:connect-rate:
// <network>`), so all replicas together never connect faster than the network allows. A token
// bucket of `burst` tokens refilled at `per_second`, judged on the store's clock (Redis TIME inside
// one script); each connect attempt takes one token or learns how long to wait.
//
// Status conventions: InvalidArgumentError for an invalid network or limit; anything else when the
// store could not be asked (the caller then retries later rather than connect unmetered).
#include <chrono>
#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mxedge::irc_worker {

struct ConnectRateLimit {
  double per_second = 1.0;  // (0, 1e6]
  int64_t burst = 1;        // [1, 1e6]
};

// InvalidArgumentError naming the field when a limit is out of range.
absl::Status ValidateConnectRateLimit(const ConnectRateLimit& limit);

struct ConnectPermit {
  bool granted = false;
  std::chrono::milliseconds wait{0};  // when not granted: until the next token

  friend bool operator==(const ConnectPermit&, const ConnectPermit&) = default;
};

class ConnectRate {
 public:
  virtual ~ConnectRate() = default;

  virtual absl::StatusOr<ConnectPermit> TryAcquire(std::string_view network,
                                                   const ConnectRateLimit& limit) = 0;
};

}  // namespace mxedge::irc_worker
