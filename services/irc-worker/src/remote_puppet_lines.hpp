#pragma once
// RemotePuppetLines: a line for a user's IRC connection that another worker holds, handed to that
// worker (the owner named by `irc:conn:<network>:<mxid>`) through its IrcControl.SendRaw.
// Errors: NotFoundError when no worker holds the connection or the owner has no address,
// FailedPreconditionError when this worker is the owner (use the local connection), the store's
// or the owner's status otherwise.
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace mxedge::irc_worker {

class RemotePuppetLines {
 public:
  virtual ~RemotePuppetLines() = default;

  // Queues `line` (no CRLF) on the owner's connection for (network, mxid).
  virtual absl::Status SendLine(std::string_view network, std::string_view mxid,
                                std::string line) = 0;
};

}  // namespace mxedge::irc_worker
