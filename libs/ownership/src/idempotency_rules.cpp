#include "idempotency_rules.hpp"

#include "absl/strings/str_cat.h"
#include "absl_compat.hpp"

namespace mxedge::ownership::internal {

absl::StatusOr<std::optional<IdempotencyRecord>> ParseStoredRecord(
    std::string_view key, const std::optional<std::string>& value) {
  if (!value.has_value()) {
    return std::nullopt;
  }
  absl::StatusOr<IdempotencyRecord> record = ParseIdempotencyRecord(*value);
  if (!record.ok()) {
    return absl::DataLossError(absl::StrCat(
        "value at ", Sv(key), " is not an idempotency record: ", record.status().message()));
  }
  return *std::move(record);
}

BeginResult BeginResultFor(const IdempotencyRecord& existing) {
  if (existing.done()) {
    return BeginResult{BeginResult::Outcome::kDone, {}};
  }
  return BeginResult{BeginResult::Outcome::kPending, existing.holder};
}

absl::Status AbandonRefusedError(std::string_view key, std::string_view holder,
                                 const IdempotencyRecord& existing) {
  return absl::FailedPreconditionError(absl::StrCat(
      "abandon ", Sv(key), " by ", Sv(holder), ": the record is ",
      existing.done() ? std::string("done") : absl::StrCat("pending by ", existing.holder)));
}

}  // namespace mxedge::ownership::internal
