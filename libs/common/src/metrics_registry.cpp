#include "mxedge/common/metrics_registry.hpp"

#include <set>
#include <utility>

#include "metrics_text.hpp"
#include "mxedge/common/check.hpp"

namespace mxedge::common {

namespace {

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// mxedge_<service>_<noun>[_<more>]: lowercase words joined by single underscores.
bool IsValidMetricName(std::string_view name) {
  constexpr std::string_view kPrefix = "mxedge_";
  if (!name.starts_with(kPrefix)) {
    return false;
  }
  int words = 0;
  bool in_word = false;
  for (const char c : name) {
    if (c == '_') {
      if (!in_word) {
        return false;  // leading or doubled underscore
      }
      in_word = false;
    } else if (IsLowerAlnum(c)) {
      if (!in_word) {
        ++words;
      }
      in_word = true;
    } else {
      return false;
    }
  }
  return in_word && words >= 3;
}

bool IsValidLabelName(std::string_view name) {
  if (name.empty() || name == "le" || name.starts_with("__")) {
    return false;
  }
  if (!((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_')) {
    return false;
  }
  for (const char c : name) {
    if (!IsLowerAlnum(c) && c != '_') {
      return false;
    }
  }
  return true;
}

void CheckNameForType(std::string_view name, std::string_view type) {
  MXEDGE_CHECK(IsValidMetricName(name));
  MXEDGE_CHECK(name.ends_with("_total") == (type == "counter"));
  if (type == "histogram") {
    MXEDGE_CHECK(!name.ends_with("_bucket") && !name.ends_with("_sum") &&
                 !name.ends_with("_count"));
  }
}

void CheckLabelNames(const std::vector<std::string>& label_names) {
  std::set<std::string_view> seen;
  for (const auto& label : label_names) {
    MXEDGE_CHECK(IsValidLabelName(label));
    MXEDGE_CHECK(seen.insert(label).second);
  }
}

class CallbackGauge final : public internal::MetricFamilyBase {
 public:
  CallbackGauge(std::string name, std::function<double()> read)
      : name_(std::move(name)), read_(std::move(read)) {}

  void RenderSamples(std::string& out) const override {
    out += name_;
    out += ' ';
    out += internal::FormatSampleValue(read_());
    out += '\n';
  }

 private:
  const std::string name_;
  const std::function<double()> read_;
};

template <typename Metric>
std::unique_ptr<MetricFamily<Metric>> MakeFamily(std::string name,
                                                 std::vector<std::string> label_names) {
  return std::make_unique<MetricFamily<Metric>>(std::move(name), std::move(label_names),
                                                [] { return std::make_unique<Metric>(); });
}

std::unique_ptr<HistogramFamily> MakeHistogramFamily(std::string name,
                                                     std::vector<std::string> label_names,
                                                     std::span<const double> upper_bounds) {
  std::vector<double> bounds(upper_bounds.begin(), upper_bounds.end());
  // Validates the bounds now rather than on the first WithLabels.
  Histogram probe(bounds);
  return std::make_unique<HistogramFamily>(
      std::move(name), std::move(label_names),
      [bounds = std::move(bounds)] { return std::make_unique<Histogram>(bounds); });
}

}  // namespace

MetricsRegistry::MetricsRegistry() = default;
MetricsRegistry::~MetricsRegistry() = default;

void MetricsRegistry::Register(std::string name, std::string help, std::string_view type,
                               std::unique_ptr<internal::MetricFamilyBase> family) {
  MXEDGE_CHECK(!help.empty());
  std::lock_guard lock(mu_);
  const bool inserted =
      entries_.emplace(std::move(name), Entry{std::move(help), type, std::move(family)}).second;
  MXEDGE_CHECK(inserted);
}

Counter& MetricsRegistry::AddCounter(std::string name, std::string help) {
  return AddCounterFamily(std::move(name), std::move(help), {}).WithLabels({});
}

Gauge& MetricsRegistry::AddGauge(std::string name, std::string help) {
  return AddGaugeFamily(std::move(name), std::move(help), {}).WithLabels({});
}

Histogram& MetricsRegistry::AddHistogram(std::string name, std::string help,
                                         std::span<const double> upper_bounds) {
  return AddHistogramFamily(std::move(name), std::move(help), {}, upper_bounds).WithLabels({});
}

CounterFamily& MetricsRegistry::AddCounterFamily(std::string name, std::string help,
                                                 std::vector<std::string> label_names) {
  CheckNameForType(name, "counter");
  CheckLabelNames(label_names);
  auto family = MakeFamily<Counter>(name, std::move(label_names));
  auto& ref = *family;
  Register(std::move(name), std::move(help), "counter", std::move(family));
  return ref;
}

GaugeFamily& MetricsRegistry::AddGaugeFamily(std::string name, std::string help,
                                             std::vector<std::string> label_names) {
  CheckNameForType(name, "gauge");
  CheckLabelNames(label_names);
  auto family = MakeFamily<Gauge>(name, std::move(label_names));
  auto& ref = *family;
  Register(std::move(name), std::move(help), "gauge", std::move(family));
  return ref;
}

HistogramFamily& MetricsRegistry::AddHistogramFamily(std::string name, std::string help,
                                                     std::vector<std::string> label_names,
                                                     std::span<const double> upper_bounds) {
  CheckNameForType(name, "histogram");
  CheckLabelNames(label_names);
  auto family = MakeHistogramFamily(name, std::move(label_names), upper_bounds);
  auto& ref = *family;
  Register(std::move(name), std::move(help), "histogram", std::move(family));
  return ref;
}

void MetricsRegistry::AddCallbackGauge(std::string name, std::string help,
                                       std::function<double()> read) {
  CheckNameForType(name, "gauge");
  MXEDGE_CHECK(read != nullptr);
  auto family = std::make_unique<CallbackGauge>(name, std::move(read));
  Register(std::move(name), std::move(help), "gauge", std::move(family));
}

std::string MetricsRegistry::RenderText() const {
  std::string out;
  std::lock_guard lock(mu_);
  for (const auto& [name, entry] : entries_) {
    out += "# HELP ";
    out += name;
    out += ' ';
    internal::AppendEscapedHelp(out, entry.help);
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += entry.type;
    out += '\n';
    entry.family->RenderSamples(out);
  }
  return out;
}

}  // namespace mxedge::common
