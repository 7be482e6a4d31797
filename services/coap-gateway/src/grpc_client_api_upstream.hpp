#pragma once
// ClientApiUpstream over gRPC: each Call is one asynchronous mxedge.v1.ClientApi/Call on a shared
// channel (callback API, no polling threads of our own). Every call carries the internal bearer
// token, the request id (`x-request-id`) and a deadline; Cancel() is ClientContext::TryCancel.
// The router unreachable, a deadline or any gRPC failure arrives as a non-OK absl::Status
// (rpc::FromGrpcStatus: same code, public message, Matrix errcode and retry hint kept).
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/channel.h"
#include "mxedge/common/metrics_registry.hpp"
#include "mxedge/v1/client_api.grpc.pb.h"
#include "upstream.hpp"

namespace mxedge::coap_gateway {

struct GrpcClientApiUpstreamOptions {
  // The router's ClientApi, e.g. `appservice-router:50051` or `dns:///router-headless:50051`.
  std::string target;
  // Sent as `authorization: Bearer <token>`; the router refuses calls without it.
  std::string internal_token;
  // Keepalive of the channel: a dead router is noticed within time + timeout on an idle channel.
  std::chrono::milliseconds keepalive_time{20'000};
  std::chrono::milliseconds keepalive_timeout{10'000};
  // Longest wait between reconnection attempts while the router is unreachable (calls fail
  // with UNAVAILABLE until a connection succeeds).
  std::chrono::milliseconds max_reconnect_backoff{2'000};
  // Largest answer accepted from the router.
  int max_receive_message_bytes = 64 * 1024 * 1024;
};

class GrpcClientApiUpstream final : public ClientApiUpstream {
 public:
  // Opens (lazily) a plaintext channel to `options.target` with rpc::MakeChannelArguments and
  // round_robin balancing over every address the target resolves to. `metrics` may be null.
  static std::unique_ptr<GrpcClientApiUpstream> Create(const GrpcClientApiUpstreamOptions& options,
                                                       common::MetricsRegistry* metrics);
  // Uses an existing channel (tests, in-process servers).
  GrpcClientApiUpstream(std::shared_ptr<grpc::Channel> channel, std::string internal_token,
                        common::MetricsRegistry* metrics);
  // Cancels what is in flight and waits (up to 5 s) until gRPC has released every call before
  // the channel goes: gRPC 1.51 double-frees its callback completion queue when a channel is
  // destroyed while one of its calls is still being torn down on the callback thread. Past the
  // wait the channel is leaked on purpose rather than risk that.
  ~GrpcClientApiUpstream() override;
  GrpcClientApiUpstream(const GrpcClientApiUpstream&) = delete;
  GrpcClientApiUpstream& operator=(const GrpcClientApiUpstream&) = delete;

  // `deadline` below 1 ms counts as 1 ms. `done` always runs on a gRPC thread, never inside
  // Call(). The call does not wait for the channel to connect: while the router is unreachable
  // calls fail fast with UNAVAILABLE, so a client gets its 5.03 without waiting for the deadline.
  std::shared_ptr<UpstreamCall> Call(v1::HttpCall call, std::chrono::milliseconds deadline,
                                     Callback done) override;

  // Cancels every call in flight (their callbacks run with CANCELLED). For shutdown.
  void CancelAll();
  // Waits until no call is in flight (every callback returned); false on timeout.
  bool WaitForIdle(std::chrono::milliseconds timeout);
  std::size_t in_flight() const;
  // Waits until gRPC has released every call this object started (the callback returned and
  // the call's context was destroyed); false on timeout.
  bool WaitForReleased(std::chrono::milliseconds timeout);

  // Connectivity of the channel as text ("idle", "connecting", "ready", "transient_failure",
  // "shutdown"), for logs and status pages; never a readiness condition.
  std::string ChannelState() const;

  // Calls whose callback has not returned yet, for CancelAll and WaitForIdle. Shared with the
  // callbacks, which may outlive this object. Defined in the .cpp only.
  struct InFlight;

 private:
  struct Metrics;

  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::ClientApi::Stub> stub_;
  std::string internal_token_;
  std::shared_ptr<Metrics> metrics_;  // null without a registry
  std::shared_ptr<InFlight> in_flight_;
};

}  // namespace mxedge::coap_gateway
