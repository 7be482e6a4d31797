#pragma once
// IdentRecords in memory, with TTLs on the passed-in clock (tests, single-process runs).
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "ident_records.hpp"
#include "mxedge/common/clock.hpp"

namespace mxedge::irc_worker {

class InMemoryIdentRecords : public IdentRecords {
 public:
  explicit InMemoryIdentRecords(const common::Clock& clock) : clock_(clock) {}

  absl::Status Put(const IdentQuery& ports, std::string_view user,
                   std::chrono::milliseconds ttl) override;
  absl::Status Remove(const IdentQuery& ports, std::string_view user) override;
  absl::StatusOr<std::optional<std::string>> Lookup(const IdentQuery& ports) override;

  // Records written so far, expired ones included until looked up (tests count writes).
  std::size_t puts() const;

 private:
  using Key = std::pair<std::uint16_t, std::uint16_t>;
  struct Record {
    std::string user;
    std::chrono::steady_clock::time_point expires;
  };

  const common::Clock& clock_;
  mutable std::mutex mu_;
  std::map<Key, Record> records_;
  std::size_t puts_ = 0;
};

}  // namespace mxedge::irc_worker
