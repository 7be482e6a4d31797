#pragma once
// MemberRegistry: the live members of one group (`as:routers`, `irc:workers`) as a sorted set of
// member id → last heartbeat in unix milliseconds, read from the registry's Clock.
//
// A member is live while its heartbeat is newer than now − timeout; a member whose heartbeat is
// that old or older is stale and may be evicted by anyone. Heartbeat() refuses a member that is not
// registered (NotFoundError), so a member that was evicted while it could not reach the store
// learns it on its next heartbeat and must drop what it owns before registering again.
//
// Status conventions: InvalidArgumentError for an invalid member id or a non-positive timeout,
// NotFoundError as above, DataLossError for a stored score that is not a unix time in ms,
// anything else when the store could not be asked.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mxedge::ownership {

struct Member {
  std::string id;
  int64_t heartbeat_unix_ms = 0;

  friend bool operator==(const Member&, const Member&) = default;
};

class MemberRegistry {
 public:
  virtual ~MemberRegistry() = default;

  // Adds the member (or refreshes it) with a heartbeat of now.
  virtual absl::Status Register(std::string_view member_id) = 0;

  // Sets the heartbeat of a registered member to now; NotFoundError when it is not registered.
  virtual absl::Status Heartbeat(std::string_view member_id) = 0;

  // Members whose heartbeat is newer than now − timeout, ordered by id.
  virtual absl::StatusOr<std::vector<Member>> ListLive(std::chrono::milliseconds timeout) = 0;

  // Whether the member is registered with a heartbeat newer than now − timeout.
  virtual absl::StatusOr<bool> IsLive(std::string_view member_id,
                                      std::chrono::milliseconds timeout) = 0;

  // Removes, in one atomic step, every member whose heartbeat is at or before now − timeout and
  // returns them ordered by id (a member whose stored heartbeat was not a unix time in ms is
  // removed too and reported with heartbeat_unix_ms 0).
  virtual absl::StatusOr<std::vector<Member>> EvictStale(std::chrono::milliseconds timeout) = 0;

  // Removes the member (drain); OK when it was not registered.
  virtual absl::Status Remove(std::string_view member_id) = 0;
};

}  // namespace mxedge::ownership
