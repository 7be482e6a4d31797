#pragma once
// LineRecords: the IRC → Matrix de-dup records. Each bridged line goes
//   TryBegin: `irc:line:<network>:<key>` = "pending:<worker>" (NX, PX 10 min), and its payload
//             (what the worker needs to send it again) into `irc:line-pending:<network>:<worker>`
//   → MatrixOut.Send with an idempotency key derived from the line key
//   → MarkDone: the record becomes "done" (TTL kept) and leaves the pending index.
// A worker taking over from a dead one lists the lines that worker left pending, takes each over
// (fenced: only while still pending for the dead worker) and sends it again with the same key;
// the homeserver turns a repeat of an already-sent one into the same event.
//
// Status conventions: InvalidArgumentError for an invalid network, key, worker id or a payload over
// kMaxLinePayloadBytes; DataLossError for a stored record that is not one; anything else when the
// store could not be asked.
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mxedge::irc_worker {

inline constexpr std::chrono::milliseconds kLineRecordTtl = std::chrono::minutes(10);
inline constexpr size_t kMaxLinePayloadBytes = 64 * 1024;

struct LineBegin {
  enum class Outcome { kStarted, kPending, kDone };

  Outcome outcome = Outcome::kStarted;
  std::string holder;  // kPending: the worker the line is pending for

  friend bool operator==(const LineBegin&, const LineBegin&) = default;
};

struct PendingLine {
  std::string key;
  std::string payload;

  friend bool operator==(const PendingLine&, const PendingLine&) = default;
};

class LineRecords {
 public:
  virtual ~LineRecords() = default;

  // Starts bridging a line unless a record exists (then reports it).
  virtual absl::StatusOr<LineBegin> TryBegin(std::string_view network, std::string_view key,
                                             std::string_view worker_id,
                                             std::string_view payload) = 0;

  // The line reached Matrix: "done", and out of `worker_id`'s pending index.
  virtual absl::Status MarkDone(std::string_view network, std::string_view key,
                                std::string_view worker_id) = 0;

  // The lines still pending for `worker_id`, ordered by key.
  virtual absl::StatusOr<std::vector<PendingLine>> ListPending(std::string_view network,
                                                               std::string_view worker_id) = 0;

  // Moves a line pending for `from_worker` to `to_worker` (record and payload); false when it is
  // no longer pending for `from_worker` (done, expired or taken by someone else).
  virtual absl::StatusOr<bool> TakeOver(std::string_view network, std::string_view key,
                                        std::string_view from_worker,
                                        std::string_view to_worker) = 0;
};

// Shared argument checks.
absl::Status ValidateLineArgs(std::string_view network, std::string_view key,
                              std::string_view worker_id);
absl::Status ValidatePendingListArgs(std::string_view network, std::string_view worker_id);
absl::Status ValidateLinePayload(std::string_view payload);

}  // namespace mxedge::irc_worker
