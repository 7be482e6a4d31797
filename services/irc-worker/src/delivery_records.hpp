#pragma once
// DeliveryRecords: the Matrix → IRC idempotency records, `irc:sent:<event_id>` = "done" for 7 days.
// The worker records an event right after its line is written (or, where the server offers
// echo-message, when the echo returns) and skips recorded events when the router redelivers them,
// e.g. after a takeover. The one window left: a crash between writing the line and recording it
// repeats that line once the event is redelivered.
#include <chrono>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "irc_keys.hpp"
#include "mxedge/ownership/idempotency_store.hpp"

namespace mxedge::irc_worker {

inline constexpr std::chrono::milliseconds kSentRecordTtl = std::chrono::hours(24 * 7);

class DeliveryRecords {
 public:
  // `store` (Redis, or in memory in tests) must outlive the records.
  DeliveryRecords(ownership::IdempotencyStore& store, IrcKeys keys,
                  std::chrono::milliseconds ttl = kSentRecordTtl);

  // Records that the event's line went out. InvalidArgumentError for an invalid event id.
  absl::Status RecordSent(std::string_view event_id);

  // Whether the event's line already went out. DataLossError when the stored record is not one.
  absl::StatusOr<bool> WasSent(std::string_view event_id);

 private:
  ownership::IdempotencyStore& store_;
  IrcKeys keys_;
  std::chrono::milliseconds ttl_;
};

}  // namespace mxedge::irc_worker
