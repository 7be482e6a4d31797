#pragma once
// Idempotency records `<prefix>ev:<event_id>:<sink>` read and written in pipelines, in the stored
// form of ownership::IdempotencyRecord (what RedisIdempotencyStore reads and writes), so a batch
// of events costs one round trip instead of one per event and sink.
#include <chrono>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/redis/redis_client.hpp"

namespace mxedge::appservice_router {

// `<prefix>ev:<event_id>:<sink>`.
std::string EventRecordKey(std::string_view key_prefix, std::string_view event_id,
                           std::string_view sink);

// Whether each key holds a done record. A value that is not a record counts as not done (the
// event is delivered again; sinks de-duplicate on their side).
absl::StatusOr<std::vector<bool>> ReadDoneRecords(redis::RedisClient& client,
                                                  std::span<const std::string> keys);

// Sets each key to done with `ttl`, then XACKs `ack_ids` on `stream`, in one pipeline.
absl::Status WriteDoneAndAck(redis::RedisClient& client, std::span<const std::string> done_keys,
                             std::chrono::milliseconds ttl, std::string_view stream,
                             std::string_view group, std::span<const std::string> ack_ids);

}  // namespace mxedge::appservice_router
