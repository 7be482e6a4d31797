#pragma once
// IntakeStore in memory, for unit tests: same outcomes as the Redis store, plus failure injection.
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "intake_store.hpp"

namespace mxedge::appservice_router {

class InMemoryIntakeStore final : public IntakeStore {
 public:
  explicit InMemoryIntakeStore(int shards = 16);

  absl::Status Prepare() override;
  absl::StatusOr<IntakeOutcome> Store(const IntakeBatch& batch) override;

  // Every later call fails with `status` until it is reset to OK.
  void SetFailure(absl::Status status);
  // The entries of one shard, in order; and the stored fingerprint of a transaction id.
  std::vector<IntakeEntry> Shard(int shard) const;
  size_t TotalEntries() const;
  std::string MarkerOf(const std::string& txn_id) const;

 private:
  int shards_;
  mutable std::mutex mu_;
  absl::Status failure_;
  std::map<int, std::vector<IntakeEntry>> streams_;
  std::map<std::string, std::string> markers_;
};

}  // namespace mxedge::appservice_router
