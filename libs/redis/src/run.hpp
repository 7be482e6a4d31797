#pragma once
// Shared plumbing of the typed command helpers.
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "mxedge/redis/redis_client.hpp"
#include "mxedge/redis/reply.hpp"

namespace mxedge::redis::internal {

// Executes `args`; an error reply (from a client that passes it through) becomes its status.
absl::StatusOr<Reply> Run(RedisClient& client, const std::vector<std::string>& args,
                          CallOptions options = {});

// InternalError "redis <command>: unexpected reply <debug>".
absl::Status Unexpected(std::string_view command, const Reply& reply);

}  // namespace mxedge::redis::internal
