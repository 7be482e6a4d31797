#pragma once
// InMemoryLineRecords: LineRecords in process memory with the Redis semantics; record TTLs run on
// the given clock's steady time. Thread-safe.
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "line_records.hpp"
#include "mxedge/common/clock.hpp"

namespace mxedge::irc_worker {

class InMemoryLineRecords final : public LineRecords {
 public:
  // `clock` must outlive this.
  explicit InMemoryLineRecords(const common::Clock& clock,
                               std::chrono::milliseconds ttl = kLineRecordTtl);

  absl::StatusOr<LineBegin> TryBegin(std::string_view network, std::string_view key,
                                     std::string_view worker_id, std::string_view payload) override;
  absl::Status MarkDone(std::string_view network, std::string_view key,
                        std::string_view worker_id) override;
  absl::StatusOr<std::vector<PendingLine>> ListPending(std::string_view network,
                                                       std::string_view worker_id) override;
  absl::StatusOr<bool> TakeOver(std::string_view network, std::string_view key,
                                std::string_view from_worker, std::string_view to_worker) override;

  // The stored record ("pending:<worker>" or "done"), nullopt when absent or expired.
  std::optional<std::string> RecordForTesting(std::string_view network, std::string_view key);

 private:
  struct Record {
    std::string value;
    std::chrono::steady_clock::time_point expires;
  };
  // Drops the record when it has expired; returns it otherwise.
  Record* FindLocked(const std::string& id);

  const common::Clock& clock_;
  std::chrono::milliseconds ttl_;
  std::mutex mu_;
  std::map<std::string, Record> records_;                              // "<network>:<key>"
  std::map<std::string, std::map<std::string, std::string>> pending_;  // "<network>:<worker>"
};

}  // namespace mxedge::irc_worker
