#pragma once
// The three Prometheus value types. Updates are lock-free atomics: keep a reference to the metric
// (from MetricsRegistry or MetricFamily::WithLabels) and update it on the hot path.
#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace mxedge::common {

// A monotonically increasing count of events.
class Counter {
 public:
  void Increment(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// A value that goes up and down (pool sizes, queue lengths, last-seen timestamps).
class Gauge {
 public:
  void Set(double v) { value_.store(v, std::memory_order_relaxed); }
  void Add(double delta);
  void Increment() { Add(1.0); }
  void Decrement() { Add(-1.0); }
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

// Counts observations into buckets with fixed upper bounds (seconds for latencies).
class Histogram {
 public:
  // `upper_bounds` must be finite and strictly increasing; +Inf is implicit.
  explicit Histogram(std::vector<double> upper_bounds);

  void Observe(double value);

  const std::vector<double>& upper_bounds() const { return upper_bounds_; }
  // Cumulative counts, one per upper bound plus the +Inf bucket (the last is the total count).
  std::vector<uint64_t> CumulativeCounts() const;
  double Sum() const { return sum_.load(std::memory_order_relaxed); }

 private:
  std::vector<double> upper_bounds_;
  // Per-bucket (non-cumulative) counts; the last slot is the +Inf bucket.
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;
  std::atomic<double> sum_{0.0};
};

// Latency buckets in seconds, from 1 ms to 10 s.
std::span<const double> DefaultLatencyBuckets();

}  // namespace mxedge::common
