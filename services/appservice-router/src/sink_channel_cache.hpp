#pragma once
// SinkChannelCache: one gRPC channel (and EventSink stub) per sink address, created on first use
// and kept for the process lifetime; sink addresses are few (one per worker and service).
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "mxedge/v1/sink.grpc.pb.h"

namespace mxedge::appservice_router {

class SinkChannelCache {
 public:
  // The stub for `address` ("host:port"); thread-safe. The shared_ptr keeps the channel alive for
  // calls in flight.
  std::shared_ptr<v1::EventSink::Stub> StubFor(std::string_view address);
  // Number of channels created so far.
  size_t size() const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<v1::EventSink::Stub>, std::less<>> stubs_;
};

}  // namespace mxedge::appservice_router
