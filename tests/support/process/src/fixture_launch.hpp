#pragma once
// What the server fixtures (RedisServer, Ngircd, Inspircd) share: picking a free port again when
// another process took it before the server bound it, starting the process and waiting until it
// answers its protocol, and the IRC registration probe.
#include <chrono>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/testing/subprocess.hpp"

namespace mxedge::testing::internal {

// Calls `launch` with `port` set to a fresh free loopback port, up to `attempts` times, as long as
// the failure message contains one of `bind_errors` (the server's words for a port in use).
absl::Status LaunchOnFreePort(int& port, int attempts,
                              std::initializer_list<std::string_view> bind_errors,
                              const std::function<absl::Status()>& launch);

// Starts `options` and waits until `probe` succeeds (or `deadline`); on failure the process is
// killed and the error names `what` and the port.
absl::StatusOr<std::unique_ptr<Subprocess>> StartWhenReady(
    SubprocessOptions options, std::chrono::milliseconds deadline,
    const std::function<absl::Status()>& probe, std::string_view what, int port);

// Registers a throwaway client on 127.0.0.1:`port` and waits for the 001 welcome.
absl::Status RegisterIrcProbe(int port, std::chrono::milliseconds register_timeout);

}  // namespace mxedge::testing::internal
