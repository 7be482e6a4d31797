#pragma once
// Client call setup: the internal token, a deadline (every call has one) and the request id.
#include <chrono>
#include <string>
#include <string_view>

#include "grpcpp/client_context.h"

namespace mxedge::rpc {

inline constexpr std::chrono::milliseconds kDefaultCallDeadline{10000};
inline constexpr std::string_view kRequestIdKey = "x-request-id";

struct CallOptions {
  // Sent as `authorization: Bearer <token>` when not empty.
  std::string bearer_token;
  // The call fails with DEADLINE_EXCEEDED after this long.
  std::chrono::milliseconds deadline = kDefaultCallDeadline;
  // Sent as `x-request-id` when not empty.
  std::string request_id;
  // Wait for the channel to connect instead of failing fast while it reconnects.
  bool wait_for_ready = false;
};

// Applies `options` to a fresh ClientContext (ClientContext can be neither copied nor moved, so
// the caller owns it and this fills it in).
void PrepareCallContext(grpc::ClientContext& context, const CallOptions& options);

// Sets `context`'s deadline to now + `timeout`.
void SetDeadlineFromNow(grpc::ClientContext& context, std::chrono::milliseconds timeout);

}  // namespace mxedge::rpc
