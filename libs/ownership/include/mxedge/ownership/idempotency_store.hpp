#pragma once
// IdempotencyStore: records that make an at-least-once side effect happen at most once per key
// outside of crash windows (`irc:line`, `irc:sent`, `ev:<event_id>:<sink>`, `mp:pending`).
//
// Protocol: TryBegin(key, me, ttl) before the side effect. kStarted → perform it, then MarkDone
// (or Abandon after a failure, so a retry can start again at once). kPending → someone (maybe a
// previous life of `me`) is or was performing it: do not start it blindly, follow the caller's
// recovery rule. kDone → skip it.
//
// Status conventions: InvalidArgumentError for an empty key, an invalid holder or a negative ttl;
// FailedPreconditionError when Abandon finds a record it may not delete; DataLossError when the
// stored value is not a record (names the key); anything else when the store could not be asked.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/ownership/idempotency_record.hpp"

namespace mxedge::ownership {

struct BeginResult {
  enum class Outcome { kStarted, kPending, kDone };

  Outcome outcome = Outcome::kStarted;
  std::string holder;  // kPending only: the holder of the existing pending record

  friend bool operator==(const BeginResult&, const BeginResult&) = default;
};

class IdempotencyStore {
 public:
  virtual ~IdempotencyStore() = default;

  // Writes "pending:<holder>" with `ttl` (zero = no expiry) only if no record exists (NX), and
  // reports the existing record otherwise.
  virtual absl::StatusOr<BeginResult> TryBegin(std::string_view key, std::string_view holder,
                                               std::chrono::milliseconds ttl) = 0;

  // Stores "done" with `ttl` (zero = no expiry), whatever was there.
  virtual absl::Status MarkDone(std::string_view key, std::chrono::milliseconds ttl) = 0;

  // The record, nullopt when there is none.
  virtual absl::StatusOr<std::optional<IdempotencyRecord>> Get(std::string_view key) = 0;

  // Fenced delete of `holder`'s pending record. OK when it was deleted or no record exists;
  // FailedPreconditionError when the record is done or pending by another holder.
  virtual absl::Status Abandon(std::string_view key, std::string_view holder) = 0;
};

}  // namespace mxedge::ownership
