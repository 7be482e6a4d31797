#pragma once
// The gateway's request logic (implements ExchangeHandler; pure: no sockets, tested with a fake
// transport, poster and upstream). Per request, on the transport's loop thread:
//   MID de-dup (ExchangeCache) → a Block2 follow-up served from Block2Store → Block1 assembly
//   (2.31 Continue) → Observe on /sync handed to ObserveSync → TranslateRequest (per-session
//   SessionState; sticky tokens only on secure sessions) → default /sync filter →
//   ClientApiUpstream::Call with a deadline (the callback posts back to the loop) →
//   TranslateResponse → Block2 split over 1024 bytes (ETag and Size2 only then) → the reply is
//   remembered in the ExchangeCache and sent with Transport::Complete.
// The router unreachable or the deadline passed → 5.03 with a Matrix error body; 429 → 4.29 with
// Max-Age. A session that closes drops its state everywhere.
//
// Wiring: construct, then Bind(transport, poster) before the transport starts (the transport is
// built with this pipeline as its handler, so neither can take the other in its constructor).
// Shutdown: stop the transport (no more loop work), then cancel upstream calls and wait for their
// callbacks, then destroy the pipeline.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "block1_assembler.hpp"
#include "block2_store.hpp"
#include "coap_request_view.hpp"
#include "exchange.hpp"
#include "exchange_cache.hpp"
#include "mxedge/common/clock.hpp"
#include "mxedge/common/metrics_registry.hpp"
#include "mxedge/msc3079/enum_version.hpp"
#include "observe_sync.hpp"
#include "request_translator.hpp"
#include "response_translator.hpp"
#include "sync_filter.hpp"
#include "upstream.hpp"

namespace mxedge::coap_gateway {

struct RequestPipelineSettings {
  // api_version, max_body_bytes; sticky_tokens applies to DTLS sessions only.
  TranslateOptions translate;
  msc3079::EnumVersionPolicy enum_version;
  SyncFilterOptions sync_filter;
  // Deadline of each ClientApi call (a /sync long-poll needs its timeout plus a margin).
  std::chrono::milliseconds upstream_deadline{60000};
  // Advertised in `/versions`.
  std::uint16_t dtls_port = 5684;
  ExchangeCacheLimits exchanges;
  Block1Limits block1;
  Block2Limits block2;
  ObserveSyncSettings observe;
};

class RequestPipeline final : public ExchangeHandler {
 public:
  RequestPipeline(RequestPipelineSettings settings, ClientApiUpstream& upstream,
                  common::MetricsRegistry& metrics, common::Clock& clock);
  ~RequestPipeline() override;
  RequestPipeline(const RequestPipeline&) = delete;
  RequestPipeline& operator=(const RequestPipeline&) = delete;

  // Must be called once, before the transport delivers the first request.
  void Bind(Transport& transport, LoopPoster& poster);

  HandleResult OnRequest(const InboundRequest& request, ExchangeId id) override;
  void OnNack(SessionId session, std::uint16_t message_id, NackReason reason) override;
  void OnSessionClosed(SessionId session) override;

  // For tests and metrics.
  std::size_t sessions() const { return sessions_.size(); }
  std::size_t calls_in_flight() const { return in_flight_.size(); }
  const ObserveSync& observe() const { return *observe_; }

 private:
  struct InFlight {
    SessionId session = 0;
    std::uint16_t message_id = 0;
    std::uint8_t method = 0;
    RequestKey key;
    std::optional<BlockValue> block2;
    std::optional<BlockValue> block1_echo;
    ResponseOptions response_options;
    std::chrono::steady_clock::time_point started;
    std::shared_ptr<UpstreamCall> call;
    // Retransmissions that arrived while the call ran (after the transport's own window).
    std::vector<ExchangeId> duplicates;
  };

  SessionState& Session(SessionId session);
  HandleResult Answer(const InboundRequest& request, OutboundMessage reply,
                      std::string_view error_class = {});
  HandleResult Fail(const InboundRequest& request, const absl::Status& status,
                    std::string_view error_class);
  HandleResult HandleFresh(const InboundRequest& request, ExchangeId id);
  std::optional<HandleResult> ServeStoredBlock(const InboundRequest& request,
                                               const RequestView& view);
  void OnUpstreamDone(ExchangeId id, absl::StatusOr<v1::HttpResult> result);
  OutboundMessage BuildReply(const InFlight& flight, const CoapResponse& response,
                             int key_table_version);
  void Count(std::uint8_t method, msc3079::CoapCode code);

  RequestPipelineSettings settings_;
  ClientApiUpstream& upstream_;
  common::Clock& clock_;
  Transport* transport_ = nullptr;
  LoopPoster* poster_ = nullptr;

  ExchangeCache exchanges_;
  Block1Assembler block1_;
  Block2Store block2_;
  std::unique_ptr<ObserveSync> observe_;
  std::unordered_map<SessionId, SessionState> sessions_;
  std::unordered_map<ExchangeId, InFlight> in_flight_;
  // (session, message id) → the exchange whose upstream call runs, for retransmissions.
  std::map<std::pair<SessionId, std::uint16_t>, ExchangeId> by_message_;
  // Content-Format of each stored multi-block body, for its follow-up blocks.
  std::map<BodyKey, std::optional<std::uint16_t>> stored_formats_;
  // Callbacks check this before touching the pipeline (they may run after it is gone).
  std::shared_ptr<RequestPipeline*> self_;

  common::CounterFamily& requests_;
  common::HistogramFamily& upstream_latency_;
  common::CounterFamily& errors_;
  common::Counter& duplicates_;
};

}  // namespace mxedge::coap_gateway
