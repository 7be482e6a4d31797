#pragma once
// The dispatcher's metrics (mxedge_appservice_router_*), registered once per Dispatcher.
#include "mxedge/common/metrics_registry.hpp"

namespace mxedge::appservice_router {

struct DispatchMetrics {
  explicit DispatchMetrics(common::MetricsRegistry& registry)
      : deliveries(registry.AddCounterFamily("mxedge_appservice_router_deliveries_total",
                                             "Event deliveries by sink and outcome (done, retry, "
                                             "parked, not_mine, deferred, skipped).",
                                             {"sink", "outcome"})),
        retries(registry.AddCounterFamily("mxedge_appservice_router_delivery_retries_total",
                                          "Deliveries that will be retried after a backoff.",
                                          {"sink"})),
        parked(registry.AddCounterFamily("mxedge_appservice_router_parked_events_total",
                                         "Events parked in as:dead.", {"sink"})),
        ephemeral_dropped(
            registry.AddCounter("mxedge_appservice_router_ephemeral_dropped_total",
                                "Ephemeral events no subscribed sink is concerned by.")),
        possible_duplicates(registry.AddCounterFamily(
            "mxedge_appservice_router_possible_duplicates_total",
            "Deliveries of events taken over from a pending list with no done record: the "
            "previous reader may have delivered them already (at-least-once window).",
            {"sink"})),
        malformed(registry.AddCounter("mxedge_appservice_router_malformed_entries_total",
                                      "Intake entries that could not be parsed (parked).")),
        lag(registry.AddGauge("mxedge_appservice_router_shard_lag_events",
                              "Events read from the owned shards and not yet acknowledged.")),
        owned(registry.AddGauge("mxedge_appservice_router_owned_shards",
                                "Intake shards this router holds a lease on.")),
        latency(registry.AddHistogram("mxedge_appservice_router_dispatch_latency_seconds",
                                      "From intake to a sink's done, per event and sink.")) {}

  common::CounterFamily& deliveries;
  common::CounterFamily& retries;
  common::CounterFamily& parked;
  common::Counter& ephemeral_dropped;
  common::CounterFamily& possible_duplicates;
  common::Counter& malformed;
  common::Gauge& lag;
  common::Gauge& owned;
  common::Histogram& latency;
};

}  // namespace mxedge::appservice_router
