#include "lease_rules.hpp"

#include "absl/strings/str_cat.h"
#include "absl_compat.hpp"
#include "mxedge/ownership/owner_id.hpp"

namespace mxedge::ownership::internal {

absl::Status ValidateKey(std::string_view key, std::string_view what) {
  if (key.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(Sv(what), " key is empty"));
  }
  return absl::OkStatus();
}

absl::Status ValidateTtl(std::chrono::milliseconds ttl) {
  if (ttl.count() < 0) {
    return absl::InvalidArgumentError(absl::StrCat("ttl is negative (", ttl.count(), " ms)"));
  }
  return absl::OkStatus();
}

absl::Status ValidateAcquire(const LeaseKeys& keys, std::string_view owner_id,
                             std::chrono::milliseconds ttl) {
  if (absl::Status s = ValidateKey(keys.lease, "lease"); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateKey(keys.epoch, "epoch"); !s.ok()) {
    return s;
  }
  if (keys.lease == keys.epoch) {
    return absl::InvalidArgumentError(
        absl::StrCat("lease key and epoch key are the same (", keys.lease, ")"));
  }
  if (absl::Status s = ValidateOwnerId(owner_id); !s.ok()) {
    return s;
  }
  return ValidateTtl(ttl);
}

absl::Status ValidateLeaseArgument(const Lease& lease, std::string_view what) {
  if (absl::Status s = ValidateOwnerId(lease.owner_id); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(Sv(what), " lease: ", s.message()));
  }
  if (lease.epoch <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(Sv(what), " lease has a non-positive epoch (", lease.epoch, ")"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Lease>> ParseStoredLease(std::string_view key,
                                                      const std::optional<std::string>& value) {
  if (!value.has_value()) {
    return std::nullopt;
  }
  absl::StatusOr<Lease> lease = ParseLease(*value);
  if (!lease.ok()) {
    return absl::DataLossError(
        absl::StrCat("value at ", Sv(key), " is not a lease: ", lease.status().message()));
  }
  return *std::move(lease);
}

absl::Status LeaseLostError(std::string_view operation, std::string_view key, const Lease& mine,
                            const std::optional<std::string>& current) {
  return absl::FailedPreconditionError(absl::StrCat(
      Sv(operation), " ", Sv(key), ": lease ", mine.ToString(), " is no longer held (",
      current.has_value() ? absl::StrCat("now held by ", *current) : std::string("now free"), ")"));
}

}  // namespace mxedge::ownership::internal
