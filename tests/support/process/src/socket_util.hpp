#pragma once
// Blocking TCP helpers on 127.0.0.1 with deadlines, for fixture readiness checks.
#include <chrono>
#include <string>

#include "absl/status/statusor.h"

namespace mxedge::testing::internal {

// A connected socket (close it with close()), or an error after `timeout`.
absl::StatusOr<int> ConnectLoopback(int port, std::chrono::milliseconds timeout);

// Writes all of `data`.
absl::Status SendAll(int fd, std::string_view data);

// Appends what arrives within `timeout` (at least one byte) to `out`. UnavailableError on EOF,
// DeadlineExceededError on timeout.
absl::Status ReceiveSome(int fd, std::string& out, std::chrono::milliseconds timeout);

}  // namespace mxedge::testing::internal
