#include "mxedge/ownership/in_memory_lease_store.hpp"

#include "expiring_map.hpp"
#include "lease_rules.hpp"

namespace mxedge::ownership {

InMemoryLeaseStore::InMemoryLeaseStore(const common::Clock& clock)
    : leases_(std::make_unique<internal::ExpiringMap>(clock)) {}

InMemoryLeaseStore::~InMemoryLeaseStore() = default;

absl::StatusOr<AcquireResult> InMemoryLeaseStore::TryAcquire(const LeaseKeys& keys,
                                                             std::string_view owner_id,
                                                             std::chrono::milliseconds ttl) {
  if (absl::Status s = internal::ValidateAcquire(keys, owner_id, ttl); !s.ok()) {
    return s;
  }
  return CompareAndAcquire(keys, owner_id, std::nullopt, ttl);
}

absl::StatusOr<AcquireResult> InMemoryLeaseStore::TryTakeOver(const LeaseKeys& keys,
                                                              std::string_view owner_id,
                                                              const Lease& expected,
                                                              std::chrono::milliseconds ttl) {
  if (absl::Status s = internal::ValidateAcquire(keys, owner_id, ttl); !s.ok()) {
    return s;
  }
  if (absl::Status s = internal::ValidateLeaseArgument(expected, "expected"); !s.ok()) {
    return s;
  }
  return CompareAndAcquire(keys, owner_id, expected.ToString(), ttl);
}

absl::StatusOr<AcquireResult> InMemoryLeaseStore::CompareAndAcquire(
    const LeaseKeys& keys, std::string_view owner_id, const std::optional<std::string>& expected,
    std::chrono::milliseconds ttl) {
  std::lock_guard lock(mu_);
  const std::optional<std::string> current = leases_->Get(keys.lease);
  if (current != expected) {
    absl::StatusOr<std::optional<Lease>> holder = internal::ParseStoredLease(keys.lease, current);
    if (!holder.ok()) {
      return holder.status();
    }
    return AcquireResult{false, *std::move(holder)};
  }
  auto [it, inserted] = epochs_.try_emplace(keys.epoch, 0);
  Lease lease{std::string(owner_id), ++it->second};
  leases_->Set(keys.lease, lease.ToString(), ttl);
  return AcquireResult{true, std::move(lease)};
}

absl::Status InMemoryLeaseStore::Renew(std::string_view lease_key, const Lease& mine,
                                       std::chrono::milliseconds ttl) {
  if (absl::Status s = internal::ValidateKey(lease_key, "lease"); !s.ok()) {
    return s;
  }
  if (absl::Status s = internal::ValidateLeaseArgument(mine, "renewed"); !s.ok()) {
    return s;
  }
  if (absl::Status s = internal::ValidateTtl(ttl); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  const std::optional<std::string> current = leases_->Get(lease_key);
  if (current != mine.ToString()) {
    return internal::LeaseLostError("renew", lease_key, mine, current);
  }
  leases_->SetTtl(lease_key, ttl);
  return absl::OkStatus();
}

absl::Status InMemoryLeaseStore::Release(std::string_view lease_key, const Lease& mine) {
  if (absl::Status s = internal::ValidateKey(lease_key, "lease"); !s.ok()) {
    return s;
  }
  if (absl::Status s = internal::ValidateLeaseArgument(mine, "released"); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  const std::optional<std::string> current = leases_->Get(lease_key);
  if (current != mine.ToString()) {
    return internal::LeaseLostError("release", lease_key, mine, current);
  }
  leases_->Erase(lease_key);
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Lease>> InMemoryLeaseStore::GetHolder(std::string_view lease_key) {
  if (absl::Status s = internal::ValidateKey(lease_key, "lease"); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  return internal::ParseStoredLease(lease_key, leases_->Get(lease_key));
}

std::optional<std::chrono::milliseconds> InMemoryLeaseStore::RemainingTtl(
    std::string_view lease_key) {
  std::lock_guard lock(mu_);
  return leases_->RemainingTtl(lease_key);
}

void InMemoryLeaseStore::SetRawForTesting(std::string_view lease_key, std::string value) {
  std::lock_guard lock(mu_);
  leases_->Set(lease_key, std::move(value), std::chrono::milliseconds(0));
}

}  // namespace mxedge::ownership
