#pragma once
// Free TCP ports on 127.0.0.1 for servers started by tests.
#include <chrono>

#include "absl/status/statusor.h"

namespace mxedge::testing {

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0 and released). Another
// process may take it before the caller does: fixtures retry with a new port when bind fails.
absl::StatusOr<int> FreeLoopbackPort();

// Whether a TCP connect to 127.0.0.1:port succeeds within `timeout`.
bool LoopbackPortAccepts(int port, std::chrono::milliseconds timeout);

}  // namespace mxedge::testing
