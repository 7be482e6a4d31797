#pragma once
// GrpcSinkClient: SinkClient over mxedge.v1.EventSink with the callback API. Every call carries
// the internal bearer token as `authorization: Bearer <token>` metadata, the request id as
// `x-request-id` and a deadline.
#include <chrono>
#include <string>

#include "sink_channel_cache.hpp"
#include "sink_client.hpp"

namespace mxedge::appservice_router {

struct GrpcSinkClientOptions {
  // Sent to every sink; empty = no authorization metadata (local tests only).
  std::string bearer_token;
  std::chrono::milliseconds deadline{10000};
};

class GrpcSinkClient final : public SinkClient {
 public:
  // `channels` must outlive the client.
  GrpcSinkClient(GrpcSinkClientOptions options, SinkChannelCache& channels);

  void Deliver(std::string_view address, v1::DeliverRequest request, DeliverCallback done) override;

 private:
  GrpcSinkClientOptions options_;
  SinkChannelCache& channels_;
};

}  // namespace mxedge::appservice_router
