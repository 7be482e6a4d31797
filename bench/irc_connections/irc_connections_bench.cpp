// Many IRC connections on one ConnectionManager against a local ngIRCd: the time to register them
// all (paced by a connect gate, as ngIRCd's listen backlog is 10), the resident memory they add,
// and the event-loop lag p99 while they sit idle and while they answer a broadcast.
//
//   build/release/bench/irc_connections/irc_connections_bench --benchmark_filter='/10000'
#include <benchmark/benchmark.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "connection_manager.hpp"
#include "mxedge/common/clock.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/metrics_registry.hpp"
#include "mxedge/testing/irc_test_client.hpp"
#include "mxedge/testing/ngircd.hpp"

namespace mxedge::irc_worker {
namespace {

using std::chrono::milliseconds;

double RssMb() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      double kb = 0;
      status >> kb;
      return kb / 1024.0;
    }
  }
  return 0;
}

// A local token bucket standing in for the network-wide connect rate.
class PacedGate final : public ConnectGate {
 public:
  explicit PacedGate(double per_second)
      : interval_(std::chrono::duration<double>(1.0 / per_second)) {}
  absl::StatusOr<milliseconds> TryAcquire(std::string_view) override {
    std::lock_guard lock(mu_);
    const auto now = std::chrono::steady_clock::now();
    if (next_ <= now) {
      next_ = std::max(next_, now - std::chrono::milliseconds(20)) +
              std::chrono::duration_cast<std::chrono::steady_clock::duration>(interval_);
      return milliseconds(0);
    }
    return std::chrono::duration_cast<milliseconds>(next_ - now) + milliseconds(1);
  }

 private:
  std::mutex mu_;
  std::chrono::duration<double> interval_;
  std::chrono::steady_clock::time_point next_{};
};

class CountingObserver final : public ConnectionObserver {
 public:
  explicit CountingObserver(std::atomic<int>& registered, std::atomic<int>& lines)
      : registered_(registered), lines_(lines) {}
  void OnRegistered(std::string_view) override { registered_.fetch_add(1); }
  void OnNickChanged(std::string_view, std::string_view) override {}
  void OnSaslResult(bool, std::string_view) override {}
  void OnLine(const irc::Message& m) override {
    if (m.IsCommand("PRIVMSG")) lines_.fetch_add(1);
  }
  void OnEcho(const irc::Message&) override {}
  void OnClosed(const CloseInfo&) override {}

 private:
  std::atomic<int>& registered_;
  std::atomic<int>& lines_;
};

// The p99 of the loop-lag histogram, as the upper bound of the bucket holding it.
double LagP99Ms(const common::Histogram& lag, const std::vector<uint64_t>& before) {
  const auto after = lag.CumulativeCounts();
  const uint64_t total = after.back() - before.back();
  if (total == 0) return 0;
  for (size_t i = 0; i < lag.upper_bounds().size(); ++i) {
    if (static_cast<double>(after[i] - before[i]) >= 0.99 * static_cast<double>(total)) {
      return lag.upper_bounds()[i] * 1000.0;
    }
  }
  return 1000.0 * 2;  // beyond the last bound
}

void BM_ConnectAll(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  common::InitLogging("irc-connections-bench", common::LogLevel::kWarn);
  testing::NgircdOptions ngircd_options;
  ngircd_options.ping_timeout_s = 600;
  auto ngircd = testing::Ngircd::Start(ngircd_options);
  if (!ngircd.ok()) {
    state.SkipWithError(std::string(ngircd.status().message()).c_str());
    return;
  }
  for (auto _ : state) {
    common::MetricsRegistry registry;
    ConnectionMetrics metrics(registry);
    PacedGate gate(600);
    ConnectionManager manager({.threads = 2, .tick = milliseconds(10)},
                              common::SystemClock::Instance(), gate, nullptr, metrics);
    manager.Start();
    std::atomic<int> registered{0};
    std::atomic<int> lines{0};
    auto observer = std::make_shared<CountingObserver>(registered, lines);
    const double rss_before = RssMb();
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) {
      ConnectionSettings settings;
      settings.server = {.host = "127.0.0.1", .port = static_cast<uint16_t>((*ngircd)->port())};
      settings.session = {.nick = "b" + std::to_string(i), .username = "bench", .realname = "b"};
      settings.registration_timeout = milliseconds(120'000);
      settings.ping_interval = milliseconds(300'000);
      auto status =
          manager.Open({"bench", "@b" + std::to_string(i) + ":bench"}, settings, observer);
      if (!status.ok()) state.SkipWithError(std::string(status.message()).c_str());
    }
    while (registered.load() < n &&
           std::chrono::steady_clock::now() - start < std::chrono::seconds(180)) {
      std::this_thread::sleep_for(milliseconds(20));
    }
    const double connect_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    state.SetIterationTime(connect_s);
    const double rss_after = RssMb();

    // Idle: lag while every connection just sits there.
    auto before = metrics.loop_lag.CumulativeCounts();
    std::this_thread::sleep_for(std::chrono::seconds(3));
    const double idle_lag = LagP99Ms(metrics.loop_lag, before);

    // Busy: every puppet joins one channel in turn is O(n^2) on ngIRCd; instead a client sends
    // private messages to 1000 puppets and we count arrivals.
    auto sender = testing::IrcTestClient::Connect((*ngircd)->port(), std::chrono::seconds(5));
    before = metrics.loop_lag.CumulativeCounts();
    const int messages = std::min(n, 1000);
    double busy_s = 0;
    if (sender.ok() && sender->Register("sender", std::chrono::seconds(10)).ok()) {
      const auto busy_start = std::chrono::steady_clock::now();
      for (int i = 0; i < messages; ++i) {
        (void)sender->Send("PRIVMSG b" + std::to_string(i) + " :load");
      }
      while (lines.load() < messages &&
             std::chrono::steady_clock::now() - busy_start < std::chrono::seconds(60)) {
        std::this_thread::sleep_for(milliseconds(5));
      }
      busy_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - busy_start).count();
    }
    const double busy_lag = LagP99Ms(metrics.loop_lag, before);

    state.counters["registered"] = registered.load();
    state.counters["connect_s"] = connect_s;
    state.counters["rss_added_mb"] = rss_after - rss_before;
    state.counters["lag_p99_idle_ms"] = idle_lag;
    state.counters["lag_p99_busy_ms"] = busy_lag;
    state.counters["pm_received"] = lines.load();
    state.counters["pm_s"] = busy_s;
    manager.Stop();
  }
}
BENCHMARK(BM_ConnectAll)
    ->Arg(1000)
    ->Arg(10000)
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kSecond);

}  // namespace
}  // namespace mxedge::irc_worker

BENCHMARK_MAIN();
