#include "router_metrics.hpp"

#include <string>

namespace mxedge::appservice_router {

RouterMetrics::RouterMetrics(common::MetricsRegistry& registry)
    : registry_(registry),
      requests_(registry.AddCounterFamily("mxedge_appservice_router_http_requests_total",
                                          "AS API requests by method, route and status.",
                                          {"method", "route", "status"})),
      request_seconds_(
          registry.AddHistogramFamily("mxedge_appservice_router_http_request_duration_seconds",
                                      "AS API request duration by route.", {"route"})),
      transactions_(registry.AddCounterFamily("mxedge_appservice_router_transactions_total",
                                              "AS transactions received, by outcome.",
                                              {"outcome"})),
      intake_seconds_(registry.AddHistogramFamily(
          "mxedge_appservice_router_intake_latency_seconds",
          "Time from receiving a transaction to answering it, by outcome.", {"outcome"})),
      events_(registry.AddCounterFamily("mxedge_appservice_router_events_in_total",
                                        "Events received in transactions, by kind.", {"kind"})),
      ephemeral_dropped_(
          registry.AddCounter("mxedge_appservice_router_intake_ephemeral_dropped_total",
                              "Ephemeral events dropped because no sink subscribes to them.")),
      malformed_events_(registry.AddCounter("mxedge_appservice_router_malformed_events_total",
                                            "Malformed events left out of a transaction.")),
      queries_(registry.AddCounterFamily("mxedge_appservice_router_queries_total",
                                         "User, alias and third-party queries, by outcome.",
                                         {"kind", "outcome"})),
      handler_errors_(registry.AddCounter("mxedge_appservice_router_handler_errors_total",
                                          "AS API handlers that failed unexpectedly.")) {}

void RouterMetrics::ObserveRequest(std::string_view method, std::string_view route, int status,
                                   double seconds) {
  std::string route_label = route.empty() ? std::string("unmatched") : std::string(route);
  requests_.WithLabels({method, route_label, std::to_string(status)}).Increment();
  request_seconds_.WithLabels({route_label}).Observe(seconds);
}

void RouterMetrics::ObserveTransaction(std::string_view outcome, double seconds) {
  transactions_.WithLabels({outcome}).Increment();
  intake_seconds_.WithLabels({outcome}).Observe(seconds);
}

void RouterMetrics::CountEvents(std::string_view kind, uint64_t n) {
  if (n > 0) {
    events_.WithLabels({kind}).Increment(n);
  }
}

void RouterMetrics::CountEphemeralDropped(uint64_t n) { ephemeral_dropped_.Increment(n); }

void RouterMetrics::CountMalformedEvents(uint64_t n) { malformed_events_.Increment(n); }

void RouterMetrics::CountQuery(std::string_view kind, std::string_view outcome) {
  queries_.WithLabels({kind, outcome}).Increment();
}

void RouterMetrics::CountHandlerError() { handler_errors_.Increment(); }

}  // namespace mxedge::appservice_router
