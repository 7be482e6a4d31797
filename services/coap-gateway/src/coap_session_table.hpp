#pragma once
// The transport's record of libcoap sessions: a SessionId per coap_session_t (never reused), the
// source address, DTLS state, and admission through SessionLimiter (caps in total and per
// source). Loop thread only. Only the transport includes this header (it pulls in <coap3/coap.h>).
#include <coap3/coap.h>

#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>

#include "exchange.hpp"
#include "mxedge/common/metrics_registry.hpp"
#include "session_limiter.hpp"

namespace mxedge::coap_gateway {

class SessionTable {
 public:
  struct Entry {
    SessionId id = 0;
    coap_session_t* session = nullptr;
    // The peer's IP address (no port).
    std::string source;
    bool dtls_connected = false;
    // Over a cap when it appeared: its requests are dropped and its PSK handshake fails.
    bool refused = false;
    std::string refused_reason;
  };

  SessionTable(SessionLimits limits, common::MetricsRegistry& metrics);
  SessionTable(const SessionTable&) = delete;
  SessionTable& operator=(const SessionTable&) = delete;

  // The entry of `session`, created (and admitted or refused) when new.
  Entry* Add(coap_session_t* session);
  Entry* Find(coap_session_t* session);
  Entry* FindById(SessionId id);
  bool Refused(coap_session_t* session);
  void MarkDtlsConnected(coap_session_t* session);
  void Remove(coap_session_t* session);

  void CountHandshakeFailure() { handshakes_failed_.Increment(); }
  void CountDroppedRequest() { refused_requests_.Increment(); }
  std::size_t size() const { return by_session_.size(); }

 private:
  SessionLimiter limiter_;
  common::Gauge& sessions_gauge_;
  common::Gauge& dtls_sessions_;
  common::Counter& handshakes_failed_;
  common::Counter& refused_requests_;
  common::CounterFamily& dropped_;
  common::Counter& dropped_total_cap_;
  common::Counter& dropped_source_cap_;
  common::Counter& dropped_bad_address_;
  SessionId next_id_ = 1;
  std::unordered_map<coap_session_t*, std::unique_ptr<Entry>> by_session_;
  std::unordered_map<SessionId, Entry*> by_id_;
};

}  // namespace mxedge::coap_gateway
