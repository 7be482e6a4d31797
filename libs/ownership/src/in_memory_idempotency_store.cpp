#include "mxedge/ownership/in_memory_idempotency_store.hpp"

#include "expiring_map.hpp"
#include "idempotency_rules.hpp"
#include "lease_rules.hpp"
#include "mxedge/ownership/owner_id.hpp"

namespace mxedge::ownership {
namespace {
constexpr std::string_view kWhat = "idempotency";
}  // namespace

InMemoryIdempotencyStore::InMemoryIdempotencyStore(const common::Clock& clock)
    : records_(std::make_unique<internal::ExpiringMap>(clock)) {}

InMemoryIdempotencyStore::~InMemoryIdempotencyStore() = default;

absl::StatusOr<BeginResult> InMemoryIdempotencyStore::TryBegin(std::string_view key,
                                                               std::string_view holder,
                                                               std::chrono::milliseconds ttl) {
  if (absl::Status s = internal::ValidateKey(key, kWhat); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateOwnerId(holder); !s.ok()) {
    return s;
  }
  if (absl::Status s = internal::ValidateTtl(ttl); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  absl::StatusOr<std::optional<IdempotencyRecord>> existing =
      internal::ParseStoredRecord(key, records_->Get(key));
  if (!existing.ok()) {
    return existing.status();
  }
  if (existing->has_value()) {
    return internal::BeginResultFor(**existing);
  }
  records_->Set(key, IdempotencyRecord::Pending(std::string(holder)).ToString(), ttl);
  return BeginResult{BeginResult::Outcome::kStarted, {}};
}

absl::Status InMemoryIdempotencyStore::MarkDone(std::string_view key,
                                                std::chrono::milliseconds ttl) {
  if (absl::Status s = internal::ValidateKey(key, kWhat); !s.ok()) {
    return s;
  }
  if (absl::Status s = internal::ValidateTtl(ttl); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  records_->Set(key, IdempotencyRecord::Done().ToString(), ttl);
  return absl::OkStatus();
}

absl::StatusOr<std::optional<IdempotencyRecord>> InMemoryIdempotencyStore::Get(
    std::string_view key) {
  if (absl::Status s = internal::ValidateKey(key, kWhat); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  return internal::ParseStoredRecord(key, records_->Get(key));
}

absl::Status InMemoryIdempotencyStore::Abandon(std::string_view key, std::string_view holder) {
  if (absl::Status s = internal::ValidateKey(key, kWhat); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateOwnerId(holder); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  const std::optional<std::string> current = records_->Get(key);
  if (!current.has_value()) {
    return absl::OkStatus();
  }
  if (*current == IdempotencyRecord::Pending(std::string(holder)).ToString()) {
    records_->Erase(key);
    return absl::OkStatus();
  }
  absl::StatusOr<std::optional<IdempotencyRecord>> existing =
      internal::ParseStoredRecord(key, current);
  if (!existing.ok()) {
    return existing.status();
  }
  return internal::AbandonRefusedError(key, holder, **existing);
}

std::optional<std::chrono::milliseconds> InMemoryIdempotencyStore::RemainingTtl(
    std::string_view key) {
  std::lock_guard lock(mu_);
  return records_->RemainingTtl(key);
}

void InMemoryIdempotencyStore::SetRawForTesting(std::string_view key, std::string value) {
  std::lock_guard lock(mu_);
  records_->Set(key, std::move(value), std::chrono::milliseconds(0));
}

}  // namespace mxedge::ownership
