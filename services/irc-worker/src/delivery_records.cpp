#include "delivery_records.hpp"

#include <utility>

#include "script_replies.hpp"

namespace mxedge::irc_worker {

DeliveryRecords::DeliveryRecords(ownership::IdempotencyStore& store, IrcKeys keys,
                                 std::chrono::milliseconds ttl)
    : store_(store), keys_(std::move(keys)), ttl_(ttl) {}

absl::Status DeliveryRecords::RecordSent(std::string_view event_id) {
  if (absl::Status s = ValidateKeyPart("event id", event_id); !s.ok()) {
    return s;
  }
  if (absl::Status s = store_.MarkDone(keys_.Sent(event_id), ttl_); !s.ok()) {
    return scripts::Context(s, "record irc line sent");
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> DeliveryRecords::WasSent(std::string_view event_id) {
  if (absl::Status s = ValidateKeyPart("event id", event_id); !s.ok()) {
    return s;
  }
  absl::StatusOr<std::optional<ownership::IdempotencyRecord>> record =
      store_.Get(keys_.Sent(event_id));
  if (!record.ok()) {
    return scripts::Context(record.status(), "check irc line sent");
  }
  return record->has_value() && (*record)->done();
}

}  // namespace mxedge::irc_worker
