#pragma once
// Argument checks and status builders shared by every LeaseStore implementation, so the fake and
// the Redis store answer the same inputs with the same status codes.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/ownership/lease.hpp"
#include "mxedge/ownership/lease_store.hpp"

namespace mxedge::ownership::internal {

// InvalidArgumentError when `key` is empty; `what` names the key in the message.
absl::Status ValidateKey(std::string_view key, std::string_view what);
// InvalidArgumentError for a negative ttl.
absl::Status ValidateTtl(std::chrono::milliseconds ttl);
absl::Status ValidateAcquire(const LeaseKeys& keys, std::string_view owner_id,
                             std::chrono::milliseconds ttl);
// Checks a lease handed in by the caller (the expected holder, or "mine").
absl::Status ValidateLeaseArgument(const Lease& lease, std::string_view what);

// The stored value at `key` as a lease; DataLossError naming the key when it is not one.
absl::StatusOr<std::optional<Lease>> ParseStoredLease(std::string_view key,
                                                      const std::optional<std::string>& value);

// FailedPreconditionError telling `operation` on `key` that `mine` is no longer the lease.
absl::Status LeaseLostError(std::string_view operation, std::string_view key, const Lease& mine,
                            const std::optional<std::string>& current);

}  // namespace mxedge::ownership::internal
