#pragma once
// Parked events: stream `<prefix>as:dead`, one entry per (event, sink) the dispatcher gave up on,
// with fields
//   stream     the intake stream the event came from (redrive target)
//   entry_id   its id there
//   sink       the sink that failed it ("" when the entry itself was malformed)
//   reason     why (a sink's reason or the last failure; never event content)
//   attempts   deliveries made
//   time_ms    when it was parked, unix ms
//   plus the intake entry's own fields (event, kind, txn, received_ms, sinks)
// and the admin functions behind `appservice-router dead list | show <id> | redrive <id>|--all`.
// A redrive re-adds the intake entry to its stream and deletes the dead entry; sinks that already
// finished the event skip it through their idempotency records.
#include <cstdint>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "dispatch_entry.hpp"
#include "mxedge/redis/redis_client.hpp"

namespace mxedge::appservice_router {

struct DeadLetter {
  std::string id;  // the entry id in as:dead (empty before parking)
  std::string stream;
  DispatchEntry entry;  // entry.stream_id = its id in `stream`
  std::string sink;
  std::string reason;
  int attempts = 0;
  int64_t parked_unix_ms = 0;
};

// `<prefix>as:dead`.
std::string DeadStreamKey(std::string_view key_prefix);

// XADDs the dead letter; returns its id.
absl::StatusOr<std::string> ParkDeadLetter(redis::RedisClient& client, std::string_view key_prefix,
                                           const DeadLetter& letter);

// Oldest first, at most `limit`.
absl::StatusOr<std::vector<DeadLetter>> ListDead(redis::RedisClient& client,
                                                 std::string_view key_prefix, int64_t limit);
// NotFoundError when no dead entry has that id; InvalidArgumentError when it is malformed.
absl::StatusOr<DeadLetter> ShowDead(redis::RedisClient& client, std::string_view key_prefix,
                                    std::string_view id);
// Re-adds the event to its stream and deletes the dead entry; returns the new intake entry id.
absl::StatusOr<std::string> RedriveDead(redis::RedisClient& client, std::string_view key_prefix,
                                        std::string_view id);
// Redrives every dead entry, oldest first; returns how many.
absl::StatusOr<int64_t> RedriveAllDead(redis::RedisClient& client, std::string_view key_prefix);

// `args` after "dead": `list [--limit N]`, `show <id>`, `redrive <id>`, `redrive --all`.
// Writes human-readable lines to `out`, errors to `err`; returns the process exit code
// (0 ok, 1 failure, 2 usage).
int RunDeadCommand(std::span<const std::string> args, redis::RedisClient& client, std::ostream& out,
                   std::ostream& err, std::string_view key_prefix = "mxedge:");

}  // namespace mxedge::appservice_router
