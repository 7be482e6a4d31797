#include "coap_session_table.hpp"

#include <arpa/inet.h>

namespace mxedge::coap_gateway {
namespace {

std::string SourceOf(coap_session_t* session) {
  const coap_address_t* remote = coap_session_get_addr_remote(session);
  if (remote == nullptr) {
    return {};
  }
  char text[INET6_ADDRSTRLEN] = {};
  if (remote->addr.sa.sa_family == AF_INET) {
    inet_ntop(AF_INET, &remote->addr.sin.sin_addr, text, sizeof(text));
  } else if (remote->addr.sa.sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &remote->addr.sin6.sin6_addr, text, sizeof(text));
  }
  return text;
}

}  // namespace

SessionTable::SessionTable(SessionLimits limits, common::MetricsRegistry& metrics)
    : limiter_(limits),
      sessions_gauge_(metrics.AddGauge("mxedge_coap_gateway_sessions_open",
                                       "CoAP sessions (DTLS and plain) the transport tracks.")),
      dtls_sessions_(metrics.AddGauge("mxedge_coap_gateway_dtls_sessions_established",
                                      "DTLS sessions with a completed handshake.")),
      handshakes_failed_(metrics.AddCounter("mxedge_coap_gateway_dtls_handshakes_failed_total",
                                            "DTLS handshakes that failed.")),
      refused_requests_(
          metrics.AddCounter("mxedge_coap_gateway_refused_requests_total",
                             "Requests dropped because their session was over a cap.")),
      dropped_(metrics.AddCounterFamily("mxedge_coap_gateway_sessions_dropped_total",
                                        "New sessions refused, by reason.", {"reason"})),
      dropped_total_cap_(dropped_.WithLabels({"total_cap"})),
      dropped_source_cap_(dropped_.WithLabels({"source_cap"})),
      dropped_bad_address_(dropped_.WithLabels({"bad_address"})) {}

SessionTable::Entry* SessionTable::Add(coap_session_t* session) {
  if (Entry* existing = Find(session)) {
    return existing;
  }
  auto entry = std::make_unique<Entry>();
  entry->id = next_id_++;
  entry->session = session;
  entry->source = SourceOf(session);
  const SessionLimiter::Stats before = limiter_.stats();
  if (absl::Status admitted = limiter_.TryAdmit(entry->id, entry->source); !admitted.ok()) {
    entry->refused = true;
    const SessionLimiter::Stats& after = limiter_.stats();
    if (after.refused_per_source > before.refused_per_source) {
      entry->refused_reason = "source_cap";
      dropped_source_cap_.Increment();
    } else if (after.refused_bad_address > before.refused_bad_address) {
      entry->refused_reason = "bad_address";
      dropped_bad_address_.Increment();
    } else {
      entry->refused_reason = "total_cap";
      dropped_total_cap_.Increment();
    }
  }
  Entry* raw = entry.get();
  by_id_.emplace(raw->id, raw);
  by_session_.emplace(session, std::move(entry));
  sessions_gauge_.Set(static_cast<double>(by_session_.size()));
  return raw;
}

SessionTable::Entry* SessionTable::Find(coap_session_t* session) {
  auto it = by_session_.find(session);
  return it == by_session_.end() ? nullptr : it->second.get();
}

SessionTable::Entry* SessionTable::FindById(SessionId id) {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

bool SessionTable::Refused(coap_session_t* session) {
  Entry* entry = Find(session);
  return entry != nullptr && entry->refused;
}

void SessionTable::MarkDtlsConnected(coap_session_t* session) {
  Entry* entry = Find(session);
  if (entry != nullptr && !entry->dtls_connected) {
    entry->dtls_connected = true;
    dtls_sessions_.Increment();
  }
}

void SessionTable::Remove(coap_session_t* session) {
  auto it = by_session_.find(session);
  if (it == by_session_.end()) {
    return;
  }
  Entry& entry = *it->second;
  if (entry.dtls_connected) {
    dtls_sessions_.Decrement();
  }
  limiter_.Release(entry.id);
  by_id_.erase(entry.id);
  by_session_.erase(it);
  sessions_gauge_.Set(static_cast<double>(by_session_.size()));
}

}  // namespace mxedge::coap_gateway
