#pragma once
// WorkerControl: what IrcControl steers. The App implements it over the Reconciler and the
// ConnectionManager; tests implement it in memory. Arguments arrive validated (IrcControlHandler).
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/v1/irc_control.pb.h"

namespace mxedge::irc_worker {

struct DrainResult {
  int32_t released = 0;
  int32_t forced = 0;
};

struct RebalanceResult {
  int32_t moved = 0;
  int32_t remaining = 0;
};

class WorkerControl {
 public:
  virtual ~WorkerControl() = default;

  // Fills worker_id, draining, counts, max lag, capacity and, when asked, the connections of
  // `network` (all when empty).
  virtual void Status(std::string_view network, bool include_connections,
                      v1::GetStatusReply& reply) = 0;
  // Stops claiming, QUITs (with `quit_message`, or each network's when empty) and releases every
  // connection; waits up to `deadline` for clean QUITs. Idempotent.
  virtual absl::StatusOr<DrainResult> Drain(std::string_view quit_message,
                                            std::chrono::milliseconds deadline) = 0;
  // Releases up to `max_moves` connections of `network` (all when empty) that rendezvous hashing
  // places on other workers, at the configured rate; with `dry_run` only counts them.
  virtual absl::StatusOr<RebalanceResult> Rebalance(int32_t max_moves, std::string_view network,
                                                    bool dry_run) = 0;
  // Queues one raw line on the connection. NotFoundError when it is not ours.
  virtual absl::Status SendRaw(std::string_view network, std::string_view mxid,
                               std::string line) = 0;
};

}  // namespace mxedge::irc_worker
