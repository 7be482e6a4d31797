#pragma once
// IdentRecords: the shared answers of the ident service, one record per TCP connection of a puppet
// (`irc:ident:<local port>:<remote port>` → ident user name, with a TTL). The owner of a connection
// writes its record when the socket is up and removes it on close; any worker's ident listener
// reads it, so a query reaching another replica (a shared egress address) is still answered.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ident_query.hpp"

namespace mxedge::irc_worker {

class IdentRecords {
 public:
  virtual ~IdentRecords() = default;
  // Writes (or refreshes) the record of `ports` for `ttl`.
  virtual absl::Status Put(const IdentQuery& ports, std::string_view user,
                           std::chrono::milliseconds ttl) = 0;
  // Deletes the record of `ports` when it still names `user` (a record another connection wrote
  // since is kept).
  virtual absl::Status Remove(const IdentQuery& ports, std::string_view user) = 0;
  // The user of `ports`, nullopt when there is no live record.
  virtual absl::StatusOr<std::optional<std::string>> Lookup(const IdentQuery& ports) = 0;
};

}  // namespace mxedge::irc_worker
