#pragma once
// Argument checks every ConnectionClaims implementation shares.
#include <chrono>
#include <string_view>

#include "absl/status/status.h"
#include "mxedge/ownership/lease.hpp"

namespace mxedge::irc_worker {

// InvalidArgumentError for an invalid network or mxid.
absl::Status ValidateConnection(std::string_view network, std::string_view mxid);

// InvalidArgumentError for an invalid worker id or an epoch below 1.
absl::Status ValidateSelf(const ownership::Lease& self);

absl::Status NotLiveClaimerError(const ownership::Lease& self, std::string_view network,
                                 std::string_view mxid);

}  // namespace mxedge::irc_worker
