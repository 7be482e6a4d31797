#pragma once
// ChannelReceivers: one receiver connection per IRC channel bridges its traffic to Matrix.
// `irc:recv:<network>:<folded channel>` = "<worker_id>:<mxid>" with a PX lease (default 30 s): the
// holder renews it by acquiring again; once it expires any of our connections in the channel may
// acquire it. Expiry is Redis' own (PX), so no worker's clock decides it. A new receiver replays
// the lines it buffered (longer than the lease) through LineRecords' de-dup.
//
// Status conventions: InvalidArgumentError for an invalid network, channel, worker id, mxid or a
// non-positive lease; DataLossError for a stored holder that is not "<worker_id>:<mxid>"; anything
// else when the store could not be asked.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mxedge::irc_worker {

inline constexpr std::chrono::milliseconds kReceiverLease{30'000};

struct Receiver {
  std::string worker_id;
  std::string mxid;

  std::string ToString() const;
  friend bool operator==(const Receiver&, const Receiver&) = default;
};

// Parses "<worker_id>:<mxid>" (split at the first ':'); InvalidArgumentError otherwise.
absl::StatusOr<Receiver> ParseReceiver(std::string_view value);

struct ReceiverClaim {
  bool acquired = false;  // true: `me` holds the lease for another `lease`
  Receiver holder;        // the receiver after the call

  friend bool operator==(const ReceiverClaim&, const ReceiverClaim&) = default;
};

class ChannelReceivers {
 public:
  virtual ~ChannelReceivers() = default;

  // Takes the lease when it is free (or expired), renews it when `me` holds it.
  virtual absl::StatusOr<ReceiverClaim> TryAcquire(std::string_view network,
                                                   std::string_view folded_channel,
                                                   const Receiver& me,
                                                   std::chrono::milliseconds lease) = 0;

  // Gives the lease up if `me` holds it (the connection parts or closes); false otherwise.
  virtual absl::StatusOr<bool> Release(std::string_view network, std::string_view folded_channel,
                                       const Receiver& me) = 0;

  // The current receiver, nullopt when none holds the lease.
  virtual absl::StatusOr<std::optional<Receiver>> Current(std::string_view network,
                                                          std::string_view folded_channel) = 0;
};

absl::Status ValidateReceiverArgs(std::string_view network, std::string_view folded_channel,
                                  const Receiver& me);

}  // namespace mxedge::irc_worker
