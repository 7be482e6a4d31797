#pragma once
// Argument checks and status builders shared by every IdempotencyStore implementation.
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/ownership/idempotency_record.hpp"
#include "mxedge/ownership/idempotency_store.hpp"

namespace mxedge::ownership::internal {

// The stored value at `key` as a record; DataLossError naming the key when it is not one.
absl::StatusOr<std::optional<IdempotencyRecord>> ParseStoredRecord(
    std::string_view key, const std::optional<std::string>& value);

// What TryBegin reports for an existing record.
BeginResult BeginResultFor(const IdempotencyRecord& existing);

// FailedPreconditionError: `holder` may not abandon `existing`.
absl::Status AbandonRefusedError(std::string_view key, std::string_view holder,
                                 const IdempotencyRecord& existing);

}  // namespace mxedge::ownership::internal
