#pragma once
// Prometheus registry rendered as text exposition format 0.0.4 (served on the admin port).
//
// Names follow `mxedge_<service>_<noun>_<unit>`: lowercase [a-z0-9_], prefix `mxedge_`, at least
// three words, counters end `_total` and nothing else does. Label names are [a-z_][a-z0-9_]*,
// not `le`, not starting `__`. Breaking these rules, or registering a name twice, is a bug in the
// caller and fails MXEDGE_CHECK at registration. Label values are free text, escaped on output.
//
//   auto& requests = registry.AddCounterFamily("mxedge_router_requests_total", "Requests served.",
//                                              {"method", "code"});
//   Counter& ok = requests.WithLabels({"GET", "200"});   // once
//   ok.Increment();                                        // hot path: one relaxed atomic add
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mxedge/common/metric_family.hpp"
#include "mxedge/common/metrics.hpp"

namespace mxedge::common {

class MetricsRegistry {
 public:
  static constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

  MetricsRegistry();
  ~MetricsRegistry();
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  // Metrics without labels. References stay valid for the registry's lifetime.
  Counter& AddCounter(std::string name, std::string help);
  Gauge& AddGauge(std::string name, std::string help);
  Histogram& AddHistogram(std::string name, std::string help,
                          std::span<const double> upper_bounds = DefaultLatencyBuckets());

  // Metrics with a fixed set of label names.
  CounterFamily& AddCounterFamily(std::string name, std::string help,
                                  std::vector<std::string> label_names);
  GaugeFamily& AddGaugeFamily(std::string name, std::string help,
                              std::vector<std::string> label_names);
  HistogramFamily& AddHistogramFamily(
      std::string name, std::string help, std::vector<std::string> label_names,
      std::span<const double> upper_bounds = DefaultLatencyBuckets());

  // A gauge computed at scrape time (e.g. a queue length). `read` runs while RenderText holds
  // the registry lock: it must be cheap, thread-safe and must not call back into the registry.
  void AddCallbackGauge(std::string name, std::string help, std::function<double()> read);

  // Every family sorted by name, each with HELP and TYPE lines, children sorted by label values.
  std::string RenderText() const;

 private:
  struct Entry {
    std::string help;
    std::string_view type;
    std::unique_ptr<internal::MetricFamilyBase> family;
  };
  void Register(std::string name, std::string help, std::string_view type,
                std::unique_ptr<internal::MetricFamilyBase> family);

  mutable std::mutex mu_;
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace mxedge::common
