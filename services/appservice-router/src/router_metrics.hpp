#pragma once
// The router's own metrics (mxedge_appservice_router_*), registered once in a MetricsRegistry.
#include <string_view>

#include "mxedge/common/metrics_registry.hpp"

namespace mxedge::appservice_router {

class RouterMetrics {
 public:
  explicit RouterMetrics(common::MetricsRegistry& registry);

  // AS API requests, RED: by method, route pattern and status.
  void ObserveRequest(std::string_view method, std::string_view route, int status, double seconds);
  // One transaction: outcome = stored | duplicate | replaced | empty | rejected | unavailable |
  // overloaded | error; seconds from receipt to the answer.
  void ObserveTransaction(std::string_view outcome, double seconds);
  void CountEvents(std::string_view kind, uint64_t n);               // kind = room | ephemeral
  void CountEphemeralDropped(uint64_t n);                            // no sink subscribes
  void CountMalformedEvents(uint64_t n);                             // left out of a transaction
  void CountQuery(std::string_view kind, std::string_view outcome);  // user|alias|thirdparty
  void CountHandlerError();

  common::MetricsRegistry& registry() { return registry_; }

 private:
  common::MetricsRegistry& registry_;
  common::CounterFamily& requests_;
  common::HistogramFamily& request_seconds_;
  common::CounterFamily& transactions_;
  common::HistogramFamily& intake_seconds_;
  common::CounterFamily& events_;
  common::Counter& ephemeral_dropped_;
  common::Counter& malformed_events_;
  common::CounterFamily& queries_;
  common::Counter& handler_errors_;
};

}  // namespace mxedge::appservice_router
