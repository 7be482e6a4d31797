#pragma once
// PuppetControl: what the admin room needs from a user's IRC connection on this worker. The App
// implements it over the ConnectionManager, the connection claims and the reconcile thread; tests
// implement it in memory.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "puppet_lines.hpp"

namespace mxedge::irc_worker {

struct PuppetStatus {
  std::string nick;
  bool registered = false;
  std::vector<std::string> channels;  // joined, as the server spelled them
};

class PuppetControl {
 public:
  virtual ~PuppetControl() = default;

  // As PuppetLines::Prepare: whether the connection is ours and usable; claims and opens it when
  // it is free.
  virtual absl::StatusOr<PuppetReadiness> Prepare(std::string_view network,
                                                  std::string_view mxid) = 0;
  // The connection's state on this worker; nullopt when this worker has none for the user.
  virtual std::optional<PuppetStatus> Status(std::string_view network, std::string_view mxid) = 0;
  // Queues a raw line (no CRLF) behind flood control. NotFoundError without a connection.
  virtual absl::Status SendLine(std::string_view network, std::string_view mxid,
                                std::string line) = 0;
  // Closes the connection and opens it again.
  virtual absl::Status Reconnect(std::string_view network, std::string_view mxid) = 0;
  // Stops wanting the connection and QUITs it.
  virtual absl::Status Quit(std::string_view network, std::string_view mxid) = 0;
};

}  // namespace mxedge::irc_worker
