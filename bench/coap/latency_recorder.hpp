#pragma once
// Completed requests of a load run: when each finished (since the run's start) and how long it
// took, summarised per time window.
#include <chrono>
#include <cstdint>
#include <vector>

namespace mxedge::coap_bench {

struct WindowSummary {
  std::uint64_t requests = 0;
  double requests_per_second = 0;
  double p50_ms = 0;
  double p99_ms = 0;
};

class LatencyRecorder {
 public:
  using Duration = std::chrono::steady_clock::duration;

  void Record(Duration finished_at, Duration latency) {
    samples_.push_back({finished_at, latency});
  }
  void Merge(const LatencyRecorder& other);
  // Requests that finished in [from, to).
  WindowSummary Summarize(Duration from, Duration to) const;
  std::uint64_t size() const { return samples_.size(); }

 private:
  struct Sample {
    Duration finished_at;
    Duration latency;
  };
  std::vector<Sample> samples_;
};

}  // namespace mxedge::coap_bench
