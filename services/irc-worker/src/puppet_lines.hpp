#pragma once
// PuppetLines: what Matrix → IRC delivery needs from the worker's connections. The App implements
// it over the Reconciler (who owns what), the connection claims and the ConnectionManager; tests
// implement it in memory.
#include <functional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mxedge::irc_worker {

// Where a user's connection stands for a delivery.
enum class PuppetReadiness {
  kReady,       // ours and registered: lines can be sent
  kConnecting,  // ours (claimed now or earlier) but not registered yet: retry shortly
  kNotMine,     // another worker owns it
};

class PuppetLines {
 public:
  using Done = std::function<void(absl::Status)>;

  virtual ~PuppetLines() = default;

  // Whether the connection of `mxid` on `network` is ours and usable; claims and opens it when it
  // is free or its owner is dead. Errors when the ownership store could not be asked.
  virtual absl::StatusOr<PuppetReadiness> Prepare(std::string_view network,
                                                  std::string_view mxid) = 0;

  // The server's line length and our puppet's "nick!user@host" as the server relays it, for
  // splitting long text. NotFoundError when the connection is not open.
  virtual absl::StatusOr<std::string> RelaySource(std::string_view network,
                                                  std::string_view mxid) = 0;

  // Queues `line` (without CRLF) behind the connection's flood control. `done` is called exactly
  // once, from any thread, when the function returned OK: OK once the line was written (or its
  // echo came back where the server echoes), an error otherwise. An error returned here means the
  // line was not queued and `done` is not called.
  virtual absl::Status Send(std::string_view network, std::string_view mxid, std::string line,
                            Done done) = 0;
};

}  // namespace mxedge::irc_worker
