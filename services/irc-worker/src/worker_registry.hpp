#pragma once
// WorkerRegistry: the live irc-workers. A worker registers once (a fresh epoch from INCR), then
// heartbeats every few seconds: one write per worker however many connections it holds. Liveness
// is judged on the store's own clock (Redis TIME inside the scripts), never on a worker's clock:
// a worker is live while its last heartbeat is younger than the caller's owner_timeout.
//
// Records: zset `irc:workers` (id → heartbeat unix ms) and hash `irc:worker:<id>` with fields
// grpc_address, epoch, capacity, connections, draining ("0"/"1").
//
// Status conventions: InvalidArgumentError for an invalid worker id, address or capacity or a
// non-positive timeout; NotFoundError when the worker is not registered (it was evicted or
// deregistered); FailedPreconditionError when a later registration of the same id holds another
// epoch; anything else when the store could not be asked.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mxedge::irc_worker {

struct WorkerAdvert {
  std::string id;            // see ownership::ValidateOwnerId
  std::string grpc_address;  // host:port other services reach this worker's gRPC on
  int64_t capacity = 0;      // connections this worker takes at most (> 0)
};

struct WorkerInfo {
  std::string id;
  std::string grpc_address;
  int64_t epoch = 0;
  int64_t capacity = 0;
  int64_t connections = 0;  // as of its last heartbeat
  bool draining = false;
  int64_t heartbeat_unix_ms = 0;

  friend bool operator==(const WorkerInfo&, const WorkerInfo&) = default;
};

class WorkerRegistry {
 public:
  virtual ~WorkerRegistry() = default;

  // Registers (or re-registers) the worker with a new epoch, a heartbeat of now, no connections
  // and not draining. Returns the epoch.
  virtual absl::StatusOr<int64_t> Register(const WorkerAdvert& advert) = 0;

  // Sets the heartbeat to now and the connection count. NotFoundError when not registered,
  // FailedPreconditionError when the registration holds another epoch.
  virtual absl::Status Heartbeat(std::string_view worker_id, int64_t epoch,
                                 int64_t connections) = 0;

  // Workers whose heartbeat is younger than `owner_timeout`, ordered by id.
  virtual absl::StatusOr<std::vector<WorkerInfo>> LiveWorkers(
      std::chrono::milliseconds owner_timeout) = 0;

  // Marks the worker draining: it takes no new connections and is ranked by nobody.
  virtual absl::Status SetDraining(std::string_view worker_id, int64_t epoch) = 0;

  // Removes the worker's registration when it holds `epoch`; OK when it is not registered.
  virtual absl::Status Deregister(std::string_view worker_id, int64_t epoch) = 0;

  // Removes every worker whose heartbeat is at least `age` old (and its hash); returns their ids.
  virtual absl::StatusOr<std::vector<std::string>> EvictStale(std::chrono::milliseconds age) = 0;
};

}  // namespace mxedge::irc_worker
