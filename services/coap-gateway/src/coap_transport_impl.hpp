#pragma once
// CoapTransport's implementation class (loop thread state over libcoap). Only coap_transport.cpp
// includes this header (it pulls in <coap3/coap.h>).
#include <coap3/coap.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "coap_dtls_setup.hpp"
#include "coap_session_table.hpp"
#include "coap_transport.hpp"

namespace mxedge::coap_gateway {

class CoapTransport::Impl {
 public:
  Impl(CoapTransportSettings settings, ExchangeHandler& handler, common::MetricsRegistry& metrics,
       common::Clock& clock)
      : settings_(std::move(settings)),
        handler_(handler),
        clock_(clock),
        sessions_(SessionLimits{settings_.max_sessions, settings_.max_sessions_per_source},
                  metrics),
        messages_(metrics.AddCounterFamily("mxedge_coap_gateway_transport_messages_total",
                                           "CoAP messages received and sent by the transport.",
                                           {"direction"})),
        bytes_(metrics.AddCounterFamily("mxedge_coap_gateway_transport_bytes_total",
                                        "Encoded CoAP message bytes received and sent.",
                                        {"direction"})),
        deferred_(metrics.AddCounterFamily(
            "mxedge_coap_gateway_deferred_responses_total",
            "Answers that were pending: piggybacked on the ACK, or separate after an empty ACK.",
            {"kind"})),
        handler_errors_(metrics.AddCounter("mxedge_coap_gateway_handler_errors_total",
                                           "Requests whose handling threw; answered 5.00.")),
        loop_lag_(metrics.AddHistogram("mxedge_coap_gateway_loop_lag_seconds",
                                       "Time from LoopPoster::Post to running the work.")) {
    in_messages_ = &messages_.WithLabels({"in"});
    out_messages_ = &messages_.WithLabels({"out"});
    in_bytes_ = &bytes_.WithLabels({"in"});
    out_bytes_ = &bytes_.WithLabels({"out"});
    piggybacked_ = &deferred_.WithLabels({"piggybacked"});
    separate_ = &deferred_.WithLabels({"separate"});
  }

  ~Impl() { Stop(); }

  absl::Status Start();
  void Stop();
  void Complete(ExchangeId id, OutboundMessage reply);
  absl::StatusOr<std::uint16_t> SendConfirmable(SessionId session, std::string_view token,
                                                OutboundMessage message);
  void Post(std::function<void()> work);

 private:
  struct Pending {
    SessionId session = 0;
    coap_session_t* coap_session = nullptr;
    std::string token;
    // libcoap 4.3.1 gives the async's copy of the request a new MID; the ACK must carry this one.
    coap_mid_t message_id = 0;
    bool confirmable = true;
    // Cleared when libcoap fires the async (it frees it after that handler call).
    coap_async_t* async = nullptr;
    std::optional<OutboundMessage> ready;
  };
  struct Work {
    std::function<void()> run;
    std::chrono::steady_clock::time_point posted;
  };

  static Impl* FromSession(coap_session_t* session) {
    return static_cast<Impl*>(coap_get_app_data(coap_session_get_context(session)));
  }
  static void OnRequestThunk(coap_resource_t*, coap_session_t* session, const coap_pdu_t* request,
                             const coap_string_t*, coap_pdu_t* response) {
    FromSession(session)->HandleRequest(session, request, response);
  }
  static int OnEventThunk(coap_session_t* session, const coap_event_t event) {
    FromSession(session)->HandleEvent(session, event);
    return 0;
  }
  static void OnNackThunk(coap_session_t* session, const coap_pdu_t*,
                          const coap_nack_reason_t reason, const coap_mid_t mid) {
    FromSession(session)->HandleNack(session, reason, mid);
  }

  void HandleRequest(coap_session_t* session, const coap_pdu_t* request, coap_pdu_t* response);
  void AnswerFiredAsync(coap_async_t* async, const coap_pdu_t* request, coap_pdu_t* response);
  void HandleEvent(coap_session_t* session, coap_event_t event);
  void HandleNack(coap_session_t* session, coap_nack_reason_t reason, coap_mid_t mid);
  void Respond(const OutboundMessage& message, std::size_t token_length, coap_pdu_t* response);
  absl::StatusOr<coap_mid_t> SendNew(coap_session_t* session, coap_pdu_type_t type,
                                     std::string_view token, const OutboundMessage& message);
  void SessionGone(coap_session_t* session);
  void RunLoop();
  void DrainQueue();
  void FailPending();

  CoapTransportSettings settings_;
  ExchangeHandler& handler_;
  common::Clock& clock_;
  SessionTable sessions_;
  common::CounterFamily& messages_;
  common::CounterFamily& bytes_;
  common::CounterFamily& deferred_;
  common::Counter& handler_errors_;
  common::Histogram& loop_lag_;
  common::Counter* in_messages_ = nullptr;
  common::Counter* out_messages_ = nullptr;
  common::Counter* in_bytes_ = nullptr;
  common::Counter* out_bytes_ = nullptr;
  common::Counter* piggybacked_ = nullptr;
  common::Counter* separate_ = nullptr;

  coap_context_t* context_ = nullptr;
  std::unique_ptr<CoapDtlsSetup> credentials_;
  int epoll_fd_ = -1;
  int event_fd_ = -1;
  std::thread loop_;
  std::atomic<bool> running_{false};
  std::atomic<bool> stop_requested_{false};
  std::mutex queue_mu_;
  std::vector<Work> queue_;
  bool accepting_ = false;  // guarded by queue_mu_

  ExchangeId next_exchange_ = 1;
  std::unordered_map<ExchangeId, Pending> pending_;
};

}  // namespace mxedge::coap_gateway
