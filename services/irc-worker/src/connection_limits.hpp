#pragma once
// ConnectionLimits: per network, how long each of this worker's puppet connections has been idle
// (nothing sent to IRC on the user's behalf), which ones passed the network's `idle_timeout`, and
// which to evict, longest idle first, so that a new connection fits under `max_connections`.
// Pure bookkeeping on the passed-in clock; no timers (the reconcile round asks). Thread-safe.
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "connection_key.hpp"
#include "mxedge/common/clock.hpp"

namespace mxedge::irc_worker {

struct NetworkLimits {
  std::chrono::milliseconds idle_timeout{0};  // 0: never idle out
  int max_connections = 0;                    // per worker; 0: no cap
};

class ConnectionLimits {
 public:
  // Networks missing from `limits` have none.
  ConnectionLimits(const common::Clock& clock, std::map<std::string, NetworkLimits> limits);

  // The connection is open on this worker; idle from now unless it was already tracked.
  void Opened(const ConnectionKey& key);
  // The user sent something to IRC; ignored for a connection not tracked.
  void Active(const ConnectionKey& key);
  // Closed or released: no longer tracked.
  void Closed(const ConnectionKey& key);

  // Tracked connections idle at least their network's idle_timeout, longest idle first.
  std::vector<ConnectionKey> Idle() const;
  // The connections to evict before `key` opens so that its network stays within
  // max_connections, longest idle first; empty when it fits or `key` is already tracked.
  std::vector<ConnectionKey> EvictionsFor(const ConnectionKey& key) const;
  // How long `key` has been idle; nullopt when not tracked.
  std::optional<std::chrono::milliseconds> IdleFor(const ConnectionKey& key) const;
  std::size_t Count(const std::string& network) const;
  // The network's idle_timeout (0 when it has none).
  std::chrono::milliseconds IdleTimeout(const std::string& network) const;

 private:
  using TimePoint = std::chrono::steady_clock::time_point;
  const NetworkLimits* LimitsOf(const std::string& network) const;

  const common::Clock& clock_;
  const std::map<std::string, NetworkLimits> limits_;
  mutable std::mutex mu_;
  std::map<ConnectionKey, TimePoint> last_active_;
};

}  // namespace mxedge::irc_worker
