#pragma once
// SinkClient: how the dispatcher talks to a sink (irc-worker, micropub) at a gRPC address.
// Calls are asynchronous so one slow sink holds only the room queue waiting on it.
#include <functional>
#include <string_view>

#include "absl/status/statusor.h"
#include "mxedge/v1/sink.pb.h"

namespace mxedge::appservice_router {

class SinkClient {
 public:
  // Receives the reply or the failure of the whole call (UNAVAILABLE, DEADLINE_EXCEEDED,
  // INVALID_ARGUMENT, ... with the sink's message). May run on any thread, or inline in Deliver.
  using DeliverCallback = std::function<void(absl::StatusOr<v1::DeliverReply>)>;

  virtual ~SinkClient() = default;

  // Sends `request` to the EventSink at `address` ("host:port"); `done` is called exactly once.
  virtual void Deliver(std::string_view address, v1::DeliverRequest request,
                       DeliverCallback done) = 0;
};

}  // namespace mxedge::appservice_router
