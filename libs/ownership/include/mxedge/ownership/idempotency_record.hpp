#pragma once
// The stored form of an idempotency record: "pending:<holder>" while a side effect is in flight,
// "done" once it happened. Used for `irc:line`, `irc:sent`, `ev:<event_id>:<sink>`, `mp:pending`.
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mxedge::ownership {

struct IdempotencyRecord {
  enum class State { kPending, kDone };

  State state = State::kPending;
  std::string holder;  // kPending only: who is performing the side effect

  static IdempotencyRecord Pending(std::string holder) {
    return {State::kPending, std::move(holder)};
  }
  static IdempotencyRecord Done() { return {State::kDone, {}}; }

  bool done() const { return state == State::kDone; }
  // The stored form.
  std::string ToString() const;

  friend bool operator==(const IdempotencyRecord&, const IdempotencyRecord&) = default;
};

// Parses the stored form strictly ("done", or "pending:" + a valid owner id); InvalidArgumentError
// otherwise.
absl::StatusOr<IdempotencyRecord> ParseIdempotencyRecord(std::string_view value);

}  // namespace mxedge::ownership
