#include "intake_in_memory_store.hpp"

#include "mxedge/common/check.hpp"

namespace mxedge::appservice_router {

InMemoryIntakeStore::InMemoryIntakeStore(int shards) : shards_(shards) {
  MXEDGE_CHECK(shards_ > 0);
}

absl::Status InMemoryIntakeStore::Prepare() {
  std::lock_guard<std::mutex> lock(mu_);
  return failure_;
}

absl::StatusOr<IntakeOutcome> InMemoryIntakeStore::Store(const IntakeBatch& batch) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!failure_.ok()) {
    return failure_;
  }
  auto it = markers_.find(batch.txn_id);
  if (it != markers_.end() && it->second == batch.fingerprint) {
    return IntakeOutcome::kDuplicate;
  }
  IntakeOutcome outcome = it == markers_.end() ? IntakeOutcome::kStored : IntakeOutcome::kReplaced;
  for (const IntakeEntry& entry : batch.entries) {
    streams_[ShardFor(entry.routing_key, shards_)].push_back(entry);
  }
  markers_[batch.txn_id] = batch.fingerprint;
  return outcome;
}

void InMemoryIntakeStore::SetFailure(absl::Status status) {
  std::lock_guard<std::mutex> lock(mu_);
  failure_ = std::move(status);
}

std::vector<IntakeEntry> InMemoryIntakeStore::Shard(int shard) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = streams_.find(shard);
  return it == streams_.end() ? std::vector<IntakeEntry>{} : it->second;
}

size_t InMemoryIntakeStore::TotalEntries() const {
  std::lock_guard<std::mutex> lock(mu_);
  size_t total = 0;
  for (const auto& [shard, entries] : streams_) {
    total += entries.size();
  }
  return total;
}

std::string InMemoryIntakeStore::MarkerOf(const std::string& txn_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = markers_.find(txn_id);
  return it == markers_.end() ? std::string() : it->second;
}

}  // namespace mxedge::appservice_router
