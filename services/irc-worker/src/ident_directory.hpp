#pragma once
// IdentDirectory: this worker's ident records. Connections publish and withdraw their port pairs
// from their loop threads without I/O; Flush(), on one thread of its own, writes the changes to
// the shared IdentRecords and rewrites every live record once a third of the TTL has passed, so a
// record outlives its connection by at most the TTL when a worker dies. Lookup answers from the
// local table first (a query racing the first write), then from the shared records.
// Thread-safe.
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ident_query.hpp"
#include "ident_records.hpp"

namespace mxedge::irc_worker {

class IdentDirectory {
 public:
  // `records` must outlive this. `ttl` > 0.
  IdentDirectory(IdentRecords& records, std::chrono::milliseconds ttl);

  // No I/O; the next Flush writes it. A user name IsIdentUser refuses is ignored (InvalidArgument).
  absl::Status Publish(const IdentQuery& ports, std::string user);
  void Withdraw(const IdentQuery& ports);

  absl::StatusOr<std::optional<std::string>> Lookup(const IdentQuery& ports);

  // Writes what changed since the last call; at `now` ≥ the refresh time, rewrites every live
  // record. Returns the first error (what failed is written again at the next refresh).
  absl::Status Flush(std::chrono::steady_clock::time_point now);
  // When Flush should run next without a change.
  std::chrono::steady_clock::time_point next_refresh() const;
  std::size_t size() const;

 private:
  using Key = std::pair<std::uint16_t, std::uint16_t>;
  struct Change {
    IdentQuery ports;
    std::string user;
    bool put = true;
  };

  IdentRecords& records_;
  const std::chrono::milliseconds ttl_;
  mutable std::mutex mu_;
  std::map<Key, std::string> live_;
  std::vector<Change> changes_;
  std::optional<std::chrono::steady_clock::time_point> next_refresh_;
};

}  // namespace mxedge::irc_worker
