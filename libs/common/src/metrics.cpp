#include "mxedge/common/metrics.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string>

#include "metrics_text.hpp"
#include "mxedge/common/check.hpp"
#include "mxedge/common/metric_family.hpp"

namespace mxedge::common {

namespace {

constexpr std::array<double, 13> kDefaultLatencyBuckets = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0};

void AppendLabels(std::string& out, const std::vector<std::string>& names,
                  const std::vector<std::string>& values, std::string_view extra_name = {},
                  std::string_view extra_value = {}) {
  if (names.empty() && extra_name.empty()) {
    return;
  }
  out += '{';
  bool first = true;
  for (size_t i = 0; i < names.size(); ++i) {
    if (!first) {
      out += ',';
    }
    first = false;
    out += names[i];
    out += "=\"";
    internal::AppendEscapedLabelValue(out, values[i]);
    out += '"';
  }
  if (!extra_name.empty()) {
    if (!first) {
      out += ',';
    }
    out += extra_name;
    out += "=\"";
    out += extra_value;
    out += '"';
  }
  out += '}';
}

void AppendSampleLine(std::string& out, std::string_view name, std::string_view suffix,
                      const std::vector<std::string>& names, const std::vector<std::string>& values,
                      std::string_view value_text, std::string_view extra_name = {},
                      std::string_view extra_value = {}) {
  out += name;
  out += suffix;
  AppendLabels(out, names, values, extra_name, extra_value);
  out += ' ';
  out += value_text;
  out += '\n';
}

}  // namespace

void Gauge::Add(double delta) { value_.fetch_add(delta, std::memory_order_relaxed); }

Histogram::Histogram(std::vector<double> upper_bounds)
    : upper_bounds_(std::move(upper_bounds)),
      buckets_(new std::atomic<uint64_t>[upper_bounds_.size() + 1]) {
  for (size_t i = 0; i < upper_bounds_.size(); ++i) {
    MXEDGE_CHECK(std::isfinite(upper_bounds_[i]));
    MXEDGE_CHECK(i == 0 || upper_bounds_[i - 1] < upper_bounds_[i]);
  }
  for (size_t i = 0; i <= upper_bounds_.size(); ++i) {
    buckets_[i].store(0, std::memory_order_relaxed);
  }
}

void Histogram::Observe(double value) {
  if (std::isnan(value)) {
    return;  // would poison the sum for the life of the process
  }
  const auto it = std::lower_bound(upper_bounds_.begin(), upper_bounds_.end(), value);
  const auto index = static_cast<size_t>(it - upper_bounds_.begin());
  buckets_[index].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

std::vector<uint64_t> Histogram::CumulativeCounts() const {
  std::vector<uint64_t> counts(upper_bounds_.size() + 1);
  uint64_t running = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    counts[i] = running;
  }
  return counts;
}

std::span<const double> DefaultLatencyBuckets() { return kDefaultLatencyBuckets; }

namespace internal {

void AppendEscapedLabelValue(std::string& out, std::string_view value) {
  for (const char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
}

void AppendEscapedHelp(std::string& out, std::string_view help) {
  for (const char c : help) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
}

std::string FormatSampleValue(double value) {
  if (std::isnan(value)) {
    return "NaN";
  }
  if (std::isinf(value)) {
    return value > 0 ? "+Inf" : "-Inf";
  }
  std::array<char, 64> buf{};
  const auto result = std::to_chars(buf.data(), buf.data() + buf.size(), value);
  return std::string(buf.data(), result.ptr);
}

void AppendSamples(std::string& out, std::string_view name,
                   const std::vector<std::string>& label_names,
                   const std::vector<std::string>& label_values, const Counter& metric) {
  AppendSampleLine(out, name, "", label_names, label_values, std::to_string(metric.Value()));
}

void AppendSamples(std::string& out, std::string_view name,
                   const std::vector<std::string>& label_names,
                   const std::vector<std::string>& label_values, const Gauge& metric) {
  AppendSampleLine(out, name, "", label_names, label_values, FormatSampleValue(metric.Value()));
}

void AppendSamples(std::string& out, std::string_view name,
                   const std::vector<std::string>& label_names,
                   const std::vector<std::string>& label_values, const Histogram& metric) {
  // _count is the +Inf bucket of the same snapshot, so the two always agree during a scrape.
  const double sum = metric.Sum();
  const std::vector<uint64_t> counts = metric.CumulativeCounts();
  const auto& bounds = metric.upper_bounds();
  for (size_t i = 0; i < bounds.size(); ++i) {
    AppendSampleLine(out, name, "_bucket", label_names, label_values, std::to_string(counts[i]),
                     "le", FormatSampleValue(bounds[i]));
  }
  AppendSampleLine(out, name, "_bucket", label_names, label_values, std::to_string(counts.back()),
                   "le", "+Inf");
  AppendSampleLine(out, name, "_sum", label_names, label_values, FormatSampleValue(sum));
  AppendSampleLine(out, name, "_count", label_names, label_values, std::to_string(counts.back()));
}

}  // namespace internal

}  // namespace mxedge::common
