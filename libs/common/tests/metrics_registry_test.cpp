#include "mxedge/common/metrics_registry.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <limits>
#include <thread>
#include <vector>

namespace mxedge::common {
namespace {

TEST(MetricsRegistryTest, RendersCounterWithHelpAndType) {
  MetricsRegistry registry;
  Counter& sent = registry.AddCounter("mxedge_irc_worker_lines_sent_total", "Lines sent to IRC.");
  sent.Increment();
  sent.Increment(4);
  EXPECT_EQ(registry.RenderText(),
            "# HELP mxedge_irc_worker_lines_sent_total Lines sent to IRC.\n"
            "# TYPE mxedge_irc_worker_lines_sent_total counter\n"
            "mxedge_irc_worker_lines_sent_total 5\n");
}

TEST(MetricsRegistryTest, SortsFamiliesByNameAndChildrenByLabelValues) {
  MetricsRegistry registry;
  auto& requests = registry.AddCounterFamily("mxedge_router_requests_total", "Requests served.",
                                             {"method", "code"});
  Gauge& queue = registry.AddGauge("mxedge_router_queue_depth", "Queued transactions.");
  requests.WithLabels({"PUT", "200"}).Increment();
  requests.WithLabels({"GET", "404"}).Increment(2);
  requests.WithLabels({"GET", "200"}).Increment(3);
  queue.Set(7);
  const std::string expected =
      "# HELP mxedge_router_queue_depth Queued transactions.\n"
      "# TYPE mxedge_router_queue_depth gauge\n"
      "mxedge_router_queue_depth 7\n"
      "# HELP mxedge_router_requests_total Requests served.\n"
      "# TYPE mxedge_router_requests_total counter\n"
      "mxedge_router_requests_total{method=\"GET\",code=\"200\"} 3\n"
      "mxedge_router_requests_total{method=\"GET\",code=\"404\"} 2\n"
      "mxedge_router_requests_total{method=\"PUT\",code=\"200\"} 1\n";
  EXPECT_EQ(registry.RenderText(), expected);
  EXPECT_EQ(registry.RenderText(), expected);  // rendering does not change anything
}

TEST(MetricsRegistryTest, WithLabelsReturnsTheSameChildForTheSameValues) {
  MetricsRegistry registry;
  auto& family = registry.AddCounterFamily("mxedge_router_calls_total", "Calls.", {"method"});
  Counter& a = family.WithLabels({"GET"});
  Counter& b = family.WithLabels({"GET"});
  Counter& c = family.WithLabels({"PUT"});
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &c);
}

TEST(MetricsRegistryTest, EscapesLabelValuesAndHelp) {
  MetricsRegistry registry;
  auto& family =
      registry.AddGaugeFamily("mxedge_irc_worker_network_up", "Line one\\two\nthree", {"network"});
  family.WithLabels({"a\"b\\c\nd"}).Set(1);
  EXPECT_EQ(registry.RenderText(),
            "# HELP mxedge_irc_worker_network_up Line one\\\\two\\nthree\n"
            "# TYPE mxedge_irc_worker_network_up gauge\n"
            "mxedge_irc_worker_network_up{network=\"a\\\"b\\\\c\\nd\"} 1\n");
}

TEST(MetricsRegistryTest, GaugeGoesUpAndDownAndFormatsSpecialValues) {
  MetricsRegistry registry;
  Gauge& g = registry.AddGauge("mxedge_test_pool_size", "Pool.");
  g.Increment();
  g.Increment();
  g.Decrement();
  g.Add(0.25);
  EXPECT_DOUBLE_EQ(g.Value(), 1.25);
  EXPECT_NE(registry.RenderText().find("mxedge_test_pool_size 1.25\n"), std::string::npos);
  g.Set(std::numeric_limits<double>::infinity());
  EXPECT_NE(registry.RenderText().find("mxedge_test_pool_size +Inf\n"), std::string::npos);
  g.Set(-std::numeric_limits<double>::infinity());
  EXPECT_NE(registry.RenderText().find("mxedge_test_pool_size -Inf\n"), std::string::npos);
  g.Set(std::numeric_limits<double>::quiet_NaN());
  EXPECT_NE(registry.RenderText().find("mxedge_test_pool_size NaN\n"), std::string::npos);
}

TEST(MetricsRegistryTest, RendersHistogramBucketsSumAndCount) {
  MetricsRegistry registry;
  const std::vector<double> bounds = {0.1, 0.5, 2};
  auto& latency = registry.AddHistogramFamily("mxedge_gateway_request_duration_seconds",
                                              "Request latency.", {"method"}, bounds);
  Histogram& get = latency.WithLabels({"GET"});
  get.Observe(0.05);
  get.Observe(0.1);  // le is inclusive
  get.Observe(0.3);
  get.Observe(7);
  EXPECT_EQ(registry.RenderText(),
            "# HELP mxedge_gateway_request_duration_seconds Request latency.\n"
            "# TYPE mxedge_gateway_request_duration_seconds histogram\n"
            "mxedge_gateway_request_duration_seconds_bucket{method=\"GET\",le=\"0.1\"} 2\n"
            "mxedge_gateway_request_duration_seconds_bucket{method=\"GET\",le=\"0.5\"} 3\n"
            "mxedge_gateway_request_duration_seconds_bucket{method=\"GET\",le=\"2\"} 3\n"
            "mxedge_gateway_request_duration_seconds_bucket{method=\"GET\",le=\"+Inf\"} 4\n"
            "mxedge_gateway_request_duration_seconds_sum{method=\"GET\"} 7.45\n"
            "mxedge_gateway_request_duration_seconds_count{method=\"GET\"} 4\n");
}

TEST(MetricsRegistryTest, UnlabelledHistogramUsesDefaultLatencyBuckets) {
  MetricsRegistry registry;
  Histogram& h = registry.AddHistogram("mxedge_test_call_duration_seconds", "Calls.");
  h.Observe(0.003);
  EXPECT_EQ(h.upper_bounds().size(), DefaultLatencyBuckets().size());
  const std::string text = registry.RenderText();
  EXPECT_NE(text.find("mxedge_test_call_duration_seconds_bucket{le=\"0.001\"} 0\n"),
            std::string::npos);
  EXPECT_NE(text.find("mxedge_test_call_duration_seconds_bucket{le=\"0.005\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("mxedge_test_call_duration_seconds_bucket{le=\"10\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("mxedge_test_call_duration_seconds_count 1\n"), std::string::npos);
}

TEST(MetricsRegistryTest, HistogramIgnoresNaN) {
  Histogram h({1.0});
  h.Observe(std::numeric_limits<double>::quiet_NaN());
  h.Observe(0.5);
  EXPECT_EQ(h.CumulativeCounts(), (std::vector<uint64_t>{1, 1}));
  EXPECT_DOUBLE_EQ(h.Sum(), 0.5);
}

TEST(MetricsRegistryTest, CallbackGaugeIsReadAtScrapeTime) {
  MetricsRegistry registry;
  int depth = 3;
  registry.AddCallbackGauge("mxedge_router_outbox_depth", "Outbox length.",
                            [&depth] { return static_cast<double>(depth); });
  EXPECT_NE(registry.RenderText().find("mxedge_router_outbox_depth 3\n"), std::string::npos);
  depth = 11;
  EXPECT_EQ(registry.RenderText(),
            "# HELP mxedge_router_outbox_depth Outbox length.\n"
            "# TYPE mxedge_router_outbox_depth gauge\n"
            "mxedge_router_outbox_depth 11\n");
}

TEST(MetricsRegistryTest, LabelledFamilyWithoutChildrenRendersOnlyMetadata) {
  MetricsRegistry registry;
  registry.AddCounterFamily("mxedge_router_errors_total", "Errors.", {"kind"});
  EXPECT_EQ(registry.RenderText(),
            "# HELP mxedge_router_errors_total Errors.\n"
            "# TYPE mxedge_router_errors_total counter\n");
}

TEST(MetricsRegistryTest, ConcurrentUpdatesAreNotLost) {
  MetricsRegistry registry;
  auto& family = registry.AddCounterFamily("mxedge_test_events_total", "Events.", {"worker"});
  Gauge& gauge = registry.AddGauge("mxedge_test_inflight_requests", "In flight.");
  Histogram& hist =
      registry.AddHistogram("mxedge_test_op_duration_seconds", "Ops.", std::vector<double>{1.0});
  constexpr int kThreads = 4;
  constexpr int kPerThread = 20000;
  std::atomic<bool> stop_scraping{false};
  std::thread scraper([&] {
    while (!stop_scraping.load()) {
      (void)registry.RenderText();
    }
  });
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      Counter& shared = family.WithLabels({"shared"});
      for (int i = 0; i < kPerThread; ++i) {
        shared.Increment();
        gauge.Increment();
        gauge.Decrement();
        hist.Observe(0.5);
        // Child creation races with other threads creating and scraping.
        family.WithLabels({std::to_string(i % 8)}).Increment();
      }
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  stop_scraping.store(true);
  scraper.join();
  EXPECT_EQ(family.WithLabels({"shared"}).Value(), uint64_t{kThreads} * kPerThread);
  uint64_t spread = 0;
  for (int i = 0; i < 8; ++i) {
    spread += family.WithLabels({std::to_string(i)}).Value();
  }
  EXPECT_EQ(spread, uint64_t{kThreads} * kPerThread);
  EXPECT_DOUBLE_EQ(gauge.Value(), 0.0);
  EXPECT_EQ(hist.CumulativeCounts().back(), uint64_t{kThreads} * kPerThread);
  EXPECT_DOUBLE_EQ(hist.Sum(), 0.5 * kThreads * kPerThread);
}

// MXEDGE_CHECK logs its condition to stdout and aborts; the abort is what these assert.
TEST(MetricsRegistryDeathTest, RejectsBadNamesAtRegistration) {
  EXPECT_DEATH(MetricsRegistry().AddCounter("mxedge_router_requests", "no _total"), "");
  EXPECT_DEATH(MetricsRegistry().AddGauge("mxedge_router_open_total", "gauge with _total"), "");
  EXPECT_DEATH(MetricsRegistry().AddGauge("router_queue_depth", "no prefix"), "");
  EXPECT_DEATH(MetricsRegistry().AddGauge("mxedge_Router_depth", "uppercase"), "");
  EXPECT_DEATH(MetricsRegistry().AddGauge("mxedge_depth", "too short"), "");
  EXPECT_DEATH(MetricsRegistry().AddGauge("mxedge_router__depth", "double underscore"), "");
  EXPECT_DEATH(MetricsRegistry().AddGaugeFamily("mxedge_router_queue_depth", "h", {"le"}), "");
  EXPECT_DEATH(MetricsRegistry().AddGaugeFamily("mxedge_router_queue_depth", "h", {"a", "a"}), "");
  EXPECT_DEATH(MetricsRegistry().AddHistogram("mxedge_router_call_seconds", "h",
                                              std::vector<double>{2.0, 1.0}),
               "");
}

TEST(MetricsRegistryDeathTest, RejectsDuplicateNamesAndWrongLabelCount) {
  EXPECT_DEATH(
      {
        MetricsRegistry registry;
        registry.AddGauge("mxedge_router_queue_depth", "h");
        registry.AddGauge("mxedge_router_queue_depth", "h");
      },
      "");
  EXPECT_DEATH(
      {
        MetricsRegistry registry;
        registry.AddCounterFamily("mxedge_router_calls_total", "h", {"method"})
            .WithLabels({"GET", "200"});
      },
      "");
}

}  // namespace
}  // namespace mxedge::common
