#include "latency_recorder.hpp"

#include <algorithm>

namespace mxedge::coap_bench {
namespace {

double Percentile(std::vector<LatencyRecorder::Duration>& sorted, double fraction) {
  if (sorted.empty()) {
    return 0;
  }
  size_t index = static_cast<size_t>(fraction * static_cast<double>(sorted.size() - 1) + 0.5);
  return std::chrono::duration<double, std::milli>(sorted[index]).count();
}

}  // namespace

void LatencyRecorder::Merge(const LatencyRecorder& other) {
  samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end());
}

WindowSummary LatencyRecorder::Summarize(Duration from, Duration to) const {
  std::vector<Duration> latencies;
  for (const Sample& sample : samples_) {
    if (sample.finished_at >= from && sample.finished_at < to) {
      latencies.push_back(sample.latency);
    }
  }
  std::sort(latencies.begin(), latencies.end());
  WindowSummary summary;
  summary.requests = latencies.size();
  double seconds = std::chrono::duration<double>(to - from).count();
  summary.requests_per_second = seconds > 0 ? static_cast<double>(latencies.size()) / seconds : 0;
  summary.p50_ms = Percentile(latencies, 0.50);
  summary.p99_ms = Percentile(latencies, 0.99);
  return summary;
}

}  // namespace mxedge::coap_bench
