#include "micropub_metrics.hpp"

namespace mxedge::micropub {

MicropubMetrics::MicropubMetrics(common::MetricsRegistry& registry)
    : posts_(registry.AddCounterFamily("mxedge_micropub_posts_total",
                                       "Creates handled, by outcome.", {"outcome"})),
      request_seconds_(registry.AddHistogramFamily(
          "mxedge_micropub_request_seconds",
          "Latency of Micropub requests to users' sites, by operation and result.",
          {"operation", "result"})),
      refreshes_(registry.AddCounterFamily("mxedge_micropub_token_refreshes_total",
                                           "Access token refreshes, by outcome.", {"outcome"})),
      links_(registry.AddCounterFamily("mxedge_micropub_links_total",
                                       "Site links by stage: started, authorized, confirmed.",
                                       {"stage"})),
      rate_limited_(registry.AddCounterFamily("mxedge_micropub_rate_limited_total",
                                              "Requests held back by a limit, by limit.",
                                              {"limit"})) {}

void MicropubMetrics::CountPost(std::string_view outcome) {
  posts_.WithLabels({outcome}).Increment();
}

void MicropubMetrics::ObserveRequest(std::string_view operation, bool ok, double seconds) {
  request_seconds_.WithLabels({operation, ok ? "ok" : "error"}).Observe(seconds);
}

void MicropubMetrics::CountRefresh(std::string_view outcome) {
  refreshes_.WithLabels({outcome}).Increment();
}

void MicropubMetrics::CountLink(std::string_view stage) { links_.WithLabels({stage}).Increment(); }

void MicropubMetrics::CountRateLimited(std::string_view limit) {
  rate_limited_.WithLabels({limit}).Increment();
}

}  // namespace mxedge::micropub
