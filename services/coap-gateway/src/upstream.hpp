#pragma once
// The gateway's view of the router's ClientApi. The gRPC implementation lives in
// grpc_client_api_upstream.{hpp,cpp}; tests use a fake.
#include <chrono>
#include <functional>
#include <memory>

#include "absl/status/statusor.h"
#include "mxedge/v1/client_api.pb.h"

namespace mxedge::coap_gateway {

// A call in progress. Cancel() ends it early (the callback then runs with CANCELLED); it is safe
// to call after completion and from any thread.
class UpstreamCall {
 public:
  virtual ~UpstreamCall() = default;
  virtual void Cancel() = 0;
};

class ClientApiUpstream {
 public:
  using Callback = std::function<void(absl::StatusOr<v1::HttpResult>)>;
  virtual ~ClientApiUpstream() = default;
  // Starts one call. `done` runs exactly once, on any thread (callers post it to their own loop).
  // Transport failures (router unreachable, deadline) arrive as non-OK statuses; an HTTP error
  // from the homeserver is an OK HttpResult with its status.
  virtual std::shared_ptr<UpstreamCall> Call(v1::HttpCall call, std::chrono::milliseconds deadline,
                                             Callback done) = 0;
};

}  // namespace mxedge::coap_gateway
