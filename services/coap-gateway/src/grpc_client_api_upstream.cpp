#include "grpc_client_api_upstream.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "mxedge/common/log.hpp"
#include "mxedge/common/request_id.hpp"
#include "mxedge/rpc/call_context.hpp"
#include "mxedge/rpc/callback_queue.hpp"
#include "mxedge/rpc/channel_factory.hpp"
#include "mxedge/rpc/status_conversion.hpp"

namespace mxedge::coap_gateway {

struct GrpcClientApiUpstream::Metrics {
  explicit Metrics(common::MetricsRegistry& registry)
      : calls(registry.AddCounterFamily("mxedge_coap_gateway_router_calls_total",
                                        "ClientApi calls to the router by gRPC outcome (the "
                                        "pipeline's upstream_seconds has their latency).",
                                        {"outcome"})) {}
  common::CounterFamily& calls;
};

struct GrpcClientApiUpstream::InFlight {
  mutable std::mutex mu;
  std::condition_variable idle;
  std::unordered_map<UpstreamCall*, std::weak_ptr<UpstreamCall>> calls;
  // Call states not yet destroyed: gRPC drops its reference after the callback returned.
  std::size_t live_states = 0;
  std::condition_variable released;
};

namespace {

// Everything one call needs until its callback ran. The ClientContext lives as long as any
// holder (the gRPC callback or the caller's UpstreamCall handle), so TryCancel after completion
// is safe.
struct CallState final : UpstreamCall {
  explicit CallState(std::shared_ptr<GrpcClientApiUpstream::InFlight> tracker)
      : in_flight(std::move(tracker)) {
    std::lock_guard<std::mutex> lock(in_flight->mu);
    ++in_flight->live_states;
  }
  ~CallState() override {
    // Declared first, destroyed last: the context (and with it the grpc_call) is gone by now.
    std::lock_guard<std::mutex> lock(in_flight->mu);
    if (--in_flight->live_states == 0) {
      in_flight->released.notify_all();
    }
  }
  CallState(const CallState&) = delete;
  CallState& operator=(const CallState&) = delete;

  std::shared_ptr<GrpcClientApiUpstream::InFlight> in_flight;
  grpc::ClientContext context;
  v1::HttpCall request;
  v1::HttpResult reply;
  ClientApiUpstream::Callback done;

  void Cancel() override { context.TryCancel(); }
};

std::string OutcomeLabel(grpc::StatusCode code) {
  return absl::AsciiStrToLower(absl::StatusCodeToString(static_cast<absl::StatusCode>(code)));
}

}  // namespace

std::unique_ptr<GrpcClientApiUpstream> GrpcClientApiUpstream::Create(
    const GrpcClientApiUpstreamOptions& options, common::MetricsRegistry* metrics) {
  rpc::ChannelOptions channel;
  channel.target = options.target;
  channel.keepalive_time = options.keepalive_time;
  channel.keepalive_timeout = options.keepalive_timeout;
  channel.max_receive_message_bytes = options.max_receive_message_bytes;
  grpc::ChannelArguments arguments = rpc::MakeChannelArguments(channel);
  // Against a headless Service (`dns:///appservice-router:50051`) every router gets calls.
  arguments.SetLoadBalancingPolicyName("round_robin");
  // gRPC's default reconnect backoff grows to 120 s: after a router outage clients would get
  // 5.03 for up to two minutes after the router is back. Keep retrying every few seconds.
  arguments.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 250);
  arguments.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 250);
  arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS,
                   static_cast<int>(options.max_reconnect_backoff.count()));
  return std::make_unique<GrpcClientApiUpstream>(
      grpc::CreateCustomChannel(options.target, grpc::InsecureChannelCredentials(), arguments),
      options.internal_token, metrics);
}

GrpcClientApiUpstream::GrpcClientApiUpstream(std::shared_ptr<grpc::Channel> channel,
                                             std::string internal_token,
                                             common::MetricsRegistry* metrics)
    : channel_(std::move(channel)),
      stub_(v1::ClientApi::NewStub(channel_)),
      internal_token_(std::move(internal_token)),
      metrics_(metrics != nullptr ? std::make_shared<Metrics>(*metrics) : nullptr),
      in_flight_(std::make_shared<InFlight>()) {
  rpc::PinCallbackCompletionQueue();
}

std::shared_ptr<UpstreamCall> GrpcClientApiUpstream::Call(v1::HttpCall call,
                                                          std::chrono::milliseconds deadline,
                                                          Callback done) {
  auto state = std::make_shared<CallState>(in_flight_);
  if (call.request_id().empty() || !common::IsAcceptableRequestId(call.request_id())) {
    call.set_request_id(common::NewRequestId());
  }
  state->request = std::move(call);
  state->done = std::move(done);
  rpc::CallOptions options;
  options.bearer_token = internal_token_;
  options.deadline = std::max(deadline, std::chrono::milliseconds(1));
  options.request_id = state->request.request_id();
  options.wait_for_ready = false;
  rpc::PrepareCallContext(state->context, options);
  common::LogDebug("upstream call", {{"request_id", state->request.request_id()},
                                     {"method", v1::HttpMethod_Name(state->request.method())}});
  std::shared_ptr<Metrics> metrics = metrics_;
  std::shared_ptr<InFlight> in_flight = in_flight_;
  {
    std::lock_guard<std::mutex> lock(in_flight->mu);
    in_flight->calls.emplace(state.get(), state);
  }
  stub_->async()->Call(
      &state->context, &state->request, &state->reply,
      [state, metrics, in_flight](grpc::Status status) {
        if (metrics) {
          metrics->calls.WithLabels({OutcomeLabel(status.error_code())}).Increment();
        }
        Callback done = std::move(state->done);
        if (status.ok()) {
          done(std::move(state->reply));
        } else {
          done(rpc::FromGrpcStatus(status));
        }
        std::lock_guard<std::mutex> lock(in_flight->mu);
        in_flight->calls.erase(state.get());
        if (in_flight->calls.empty()) {
          in_flight->idle.notify_all();
        }
      });
  return state;
}

GrpcClientApiUpstream::~GrpcClientApiUpstream() {
  CancelAll();
  if (!WaitForReleased(std::chrono::seconds(5))) {
    common::LogWarn("router calls still held by gRPC at shutdown; keeping their channel",
                    {{"in_flight", std::to_string(in_flight())}});
    // Kept for the life of the process: destroying it now is the crash the wait avoids.
    static auto* const kept = new std::vector<std::shared_ptr<grpc::Channel>>();
    static std::mutex kept_mu;
    std::lock_guard<std::mutex> lock(kept_mu);
    kept->push_back(channel_);
  }
}

bool GrpcClientApiUpstream::WaitForReleased(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(in_flight_->mu);
  return in_flight_->released.wait_for(lock, timeout,
                                       [this] { return in_flight_->live_states == 0; });
}

void GrpcClientApiUpstream::CancelAll() {
  std::vector<std::shared_ptr<UpstreamCall>> calls;
  {
    std::lock_guard<std::mutex> lock(in_flight_->mu);
    for (const auto& [raw, weak] : in_flight_->calls) {
      if (std::shared_ptr<UpstreamCall> call = weak.lock()) {
        calls.push_back(std::move(call));
      }
    }
  }
  for (const std::shared_ptr<UpstreamCall>& call : calls) {
    call->Cancel();
  }
}

bool GrpcClientApiUpstream::WaitForIdle(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(in_flight_->mu);
  return in_flight_->idle.wait_for(lock, timeout, [this] { return in_flight_->calls.empty(); });
}

std::size_t GrpcClientApiUpstream::in_flight() const {
  std::lock_guard<std::mutex> lock(in_flight_->mu);
  return in_flight_->calls.size();
}

std::string GrpcClientApiUpstream::ChannelState() const {
  switch (channel_->GetState(false)) {
    case GRPC_CHANNEL_IDLE:
      return "idle";
    case GRPC_CHANNEL_CONNECTING:
      return "connecting";
    case GRPC_CHANNEL_READY:
      return "ready";
    case GRPC_CHANNEL_TRANSIENT_FAILURE:
      return "transient_failure";
    case GRPC_CHANNEL_SHUTDOWN:
      return "shutdown";
  }
  return "unknown";
}

}  // namespace mxedge::coap_gateway
