#pragma once
// A metric with a fixed set of label names; one child per distinct tuple of label values,
// created on first use. WithLabels takes a lock: call it once and keep the reference.
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mxedge/common/check.hpp"
#include "mxedge/common/metrics.hpp"

namespace mxedge::common {

namespace internal {

// What the registry holds: anything that can write its own exposition block.
class MetricFamilyBase {
 public:
  virtual ~MetricFamilyBase() = default;
  // Appends the samples (no HELP/TYPE lines) in label-value order.
  virtual void RenderSamples(std::string& out) const = 0;
};

void AppendSamples(std::string& out, std::string_view name,
                   const std::vector<std::string>& label_names,
                   const std::vector<std::string>& label_values, const Counter& metric);
void AppendSamples(std::string& out, std::string_view name,
                   const std::vector<std::string>& label_names,
                   const std::vector<std::string>& label_values, const Gauge& metric);
void AppendSamples(std::string& out, std::string_view name,
                   const std::vector<std::string>& label_names,
                   const std::vector<std::string>& label_values, const Histogram& metric);

}  // namespace internal

template <typename Metric>
class MetricFamily final : public internal::MetricFamilyBase {
 public:
  MetricFamily(std::string name, std::vector<std::string> label_names,
               std::function<std::unique_ptr<Metric>()> make)
      : name_(std::move(name)), label_names_(std::move(label_names)), make_(std::move(make)) {}

  // The child for these label values, in the order of the label names given at registration.
  // A wrong number of values is a bug in the caller.
  Metric& WithLabels(std::initializer_list<std::string_view> values) {
    return WithLabels(std::vector<std::string>(values.begin(), values.end()));
  }
  Metric& WithLabels(std::vector<std::string> values) {
    MXEDGE_CHECK(values.size() == label_names_.size());
    std::lock_guard lock(mu_);
    auto it = children_.find(values);
    if (it == children_.end()) {
      it = children_.emplace(std::move(values), make_()).first;
    }
    return *it->second;
  }

  const std::string& name() const { return name_; }
  const std::vector<std::string>& label_names() const { return label_names_; }

  void RenderSamples(std::string& out) const override {
    std::lock_guard lock(mu_);
    for (const auto& [values, metric] : children_) {
      internal::AppendSamples(out, name_, label_names_, values, *metric);
    }
  }

 private:
  const std::string name_;
  const std::vector<std::string> label_names_;
  const std::function<std::unique_ptr<Metric>()> make_;
  mutable std::mutex mu_;
  // std::map keeps children sorted (stable output) and their addresses fixed.
  std::map<std::vector<std::string>, std::unique_ptr<Metric>> children_;
};

using CounterFamily = MetricFamily<Counter>;
using GaugeFamily = MetricFamily<Gauge>;
using HistogramFamily = MetricFamily<Histogram>;

}  // namespace mxedge::common
