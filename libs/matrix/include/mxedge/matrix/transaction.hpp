#pragma once
// The body of an AS transaction, `PUT /_matrix/app/v1/transactions/<txnId>`.
//
// - `events` is required (array). Each event must be an object with string event_id, room_id,
//   sender, type and an object content; see ParseEvent.
// - Ephemeral events come as `ephemeral` (MSC2409 stable) or Synapse's
//   `de.sorunome.msc2409.ephemeral`. Synapse sends only one of them; when both are present the
//   stable `ephemeral` is used and the unstable one ignored (a sender that writes both writes the
//   same events twice).
// - `to_device` / `de.sorunome.msc2409.to_device` are counted, not parsed further.
// - Untrusted input: size, event count and nesting are limited; malformed input is
//   InvalidArgument naming the index and field, e.g. "events[3].room_id: missing".
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/matrix/event.hpp"

namespace mxedge::matrix {

struct TransactionLimits {
  size_t max_body_bytes = size_t{64} << 20;
  size_t max_events = 5000;
  size_t max_ephemeral = 5000;
  // Deepest array/object nesting anywhere in the body (the transaction object is depth 1).
  size_t max_depth = 64;
  // false: one malformed event rejects the whole transaction. true: malformed events are left
  // out and reported in Transaction::rejected, so one bad event cannot stall all bridging.
  bool skip_malformed_events = false;
};

struct RejectedEvent {
  size_t index = 0;  // position in `events` (or `ephemeral`)
  bool ephemeral = false;
  absl::Status reason;  // InvalidArgument naming the field
};

struct Transaction {
  std::vector<Event> events;
  std::vector<EphemeralEvent> ephemeral;
  size_t to_device_count = 0;
  std::vector<RejectedEvent> rejected;
};

absl::StatusOr<Transaction> ParseTransaction(std::string_view body,
                                             const TransactionLimits& limits = {});

// Lowercase hex SHA-256 of the event ids, sorted by byte value and joined with "\n" (no trailing
// newline; zero events hash the empty string). Ids are taken as they are, duplicates kept. The
// body itself is not hashed: homeservers re-serialise retries and `unsigned.age` changes.
std::string Fingerprint(const std::vector<Event>& events);
std::string FingerprintOfIds(std::vector<std::string> event_ids);

}  // namespace mxedge::matrix
