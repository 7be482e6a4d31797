// Intake through the real AS API (HttpServer + AsApi + RedisIntakeStore) into a real
// redis-server, one transaction at a time, against bare Redis baselines in the same run:
// a PING round trip and a pipeline of the same XADDs without the script, HTTP or parsing.
//
//   build/release-r2/bench/router_intake/router_intake_bench --benchmark_repetitions=3
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "as_api.hpp"
#include "mxedge/common/clock.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/metrics_registry.hpp"
#include "mxedge/http/curl_http_client.hpp"
#include "mxedge/http/http_server.hpp"
#include "mxedge/redis/commands.hpp"
#include "mxedge/redis/hiredis_client.hpp"
#include "mxedge/testing/redis_server.hpp"
#include "redis_intake_store.hpp"

namespace mxedge::appservice_router {
namespace {

constexpr char kToken[] = "bench-token";

class NoQueries final : public SinkQueries {
 public:
  absl::StatusOr<v1::QueryUserReply> QueryUser(const SinkRef&,
                                               const v1::QueryUserRequest&) override {
    return v1::QueryUserReply();
  }
  absl::StatusOr<v1::QueryAliasReply> QueryAlias(const SinkRef&,
                                                 const v1::QueryAliasRequest&) override {
    return v1::QueryAliasReply();
  }
  absl::StatusOr<v1::ThirdPartyProtocolReply> ThirdPartyProtocol(
      const SinkRef&, const v1::ThirdPartyProtocolRequest&) override {
    return v1::ThirdPartyProtocolReply();
  }
  absl::StatusOr<v1::ThirdPartyLookupReply> ThirdPartyLookup(
      const SinkRef&, const v1::ThirdPartyLookupRequest&) override {
    return v1::ThirdPartyLookupReply();
  }
};

// One redis-server and one router stack for the whole run.
struct Stack {
  Stack() {
    redis_server = std::move(*testing::RedisServer::Start());
    redis::HiredisOptions options;
    options.url = redis_server->url();
    options.pool_size = 8;
    redis = std::move(*redis::HiredisClient::Create(options));
    store = std::make_unique<RedisIntakeStore>(RedisIntakeStoreOptions{}, *redis);
    config.homeserver.server_name = "bench.example";
    namespaces = std::make_unique<Namespaces>(*Namespaces::Create(config));
    AsApiOptions api_options;
    api_options.hs_token = kToken;
    api = std::make_unique<AsApi>(api_options, *namespaces, *store, queries, executor, metrics,
                                  common::SystemClock::Instance());
    server = std::make_unique<http::HttpServer>(http::HttpServerOptions{});
    api->Register(*server);
    if (!server->Start().ok() || !store->Prepare().ok()) {
      std::abort();
    }
  }
  ~Stack() {
    executor.Stop();
    (void)server->Shutdown(std::chrono::seconds(5));
  }

  void Reset() {
    (void)redis::Call(*redis, {"FLUSHALL"});
    (void)store->Prepare();
  }

  std::unique_ptr<testing::RedisServer> redis_server;
  std::unique_ptr<redis::HiredisClient> redis;
  std::unique_ptr<RedisIntakeStore> store;
  Config config;
  std::unique_ptr<Namespaces> namespaces;
  NoQueries queries;
  rpc::BoundedExecutor executor{rpc::BoundedExecutorOptions{4, 256}};
  common::MetricsRegistry registry;
  RouterMetrics metrics{registry};
  std::unique_ptr<AsApi> api;
  std::unique_ptr<http::HttpServer> server;
  http::CurlHttpClient client;
};

Stack& GetStack() {
  static Stack* stack = new Stack();
  return *stack;
}

// A realistic room message (about 400 bytes as JSON).
nlohmann::json MakeEvent(int64_t serial, int room) {
  return {{"event_id", "$ev" + std::to_string(serial) + "abcdefghijklmnopqrstuv"},
          {"room_id", "!room" + std::to_string(room) + ":bench.example"},
          {"sender", "@user" + std::to_string(room) + ":bench.example"},
          {"type", "m.room.message"},
          {"origin_server_ts", 1700000000000 + serial},
          {"content",
           {{"msgtype", "m.text"},
            {"body", "a message of ordinary length to bridge, number " + std::to_string(serial)},
            {"format", "org.matrix.custom.html"},
            {"formatted_body", "<b>a message</b> of ordinary length, " + std::to_string(serial)}}},
          {"unsigned", {{"age", 42}}}};
}

std::string MakeTransaction(int64_t& serial, int events) {
  nlohmann::json list = nlohmann::json::array();
  for (int i = 0; i < events; ++i) {
    ++serial;
    list.push_back(MakeEvent(serial, static_cast<int>(serial % 64)));
  }
  return nlohmann::json{{"events", list}}.dump();
}

void ReportLatency(benchmark::State& state, std::vector<double>& seconds) {
  if (seconds.empty()) {
    return;
  }
  std::sort(seconds.begin(), seconds.end());
  size_t p99 = std::min(seconds.size() - 1, seconds.size() * 99 / 100);
  state.counters["p50_ms"] = seconds[seconds.size() / 2] * 1000;
  state.counters["p99_ms"] = seconds[p99] * 1000;
}

void BM_AsApiIntake(benchmark::State& state) {
  Stack& stack = GetStack();
  stack.Reset();
  const int events = static_cast<int>(state.range(0));
  int64_t serial = 0;
  int64_t txn = 0;
  std::vector<double> latencies;
  http::ClientRequest request;
  request.method = "PUT";
  http::SetHeader(request.headers, "Authorization", std::string("Bearer ") + kToken);
  for (auto _ : state) {
    state.PauseTiming();
    request.url =
        stack.server->base_url() + "/_matrix/app/v1/transactions/" + std::to_string(++txn);
    request.body = MakeTransaction(serial, events);
    state.ResumeTiming();
    auto start = std::chrono::steady_clock::now();
    absl::StatusOr<http::Response> response = stack.client.Send(request);
    latencies.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (!response.ok() || response->status != 200) {
      state.SkipWithError("transaction not accepted");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * events);
  state.counters["txn_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  ReportLatency(state, latencies);
}
BENCHMARK(BM_AsApiIntake)->Arg(1)->Arg(50)->Arg(500)->UseRealTime()->Unit(benchmark::kMicrosecond);

// Baseline: the same events XADDed in one pipeline (one round trip), no script, no HTTP.
void BM_BareXAddPipeline(benchmark::State& state) {
  Stack& stack = GetStack();
  stack.Reset();
  const int events = static_cast<int>(state.range(0));
  int64_t serial = 0;
  std::vector<double> latencies;
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<std::vector<std::string>> commands;
    for (int i = 0; i < events; ++i) {
      ++serial;
      nlohmann::json event = MakeEvent(serial, static_cast<int>(serial % 64));
      commands.push_back({"XADD", "bench:as:events:" + std::to_string(serial % 16), "*", "event",
                          event.dump(), "kind", "room", "txn", "1", "received_ms", "0"});
    }
    state.ResumeTiming();
    auto start = std::chrono::steady_clock::now();
    absl::StatusOr<std::vector<redis::Reply>> replies = stack.redis->Pipeline(commands);
    latencies.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (!replies.ok()) {
      state.SkipWithError("pipeline failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * events);
  state.counters["txn_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  ReportLatency(state, latencies);
}
BENCHMARK(BM_BareXAddPipeline)
    ->Arg(1)
    ->Arg(50)
    ->Arg(500)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

// Baseline: one Redis round trip.
void BM_RedisPing(benchmark::State& state) {
  Stack& stack = GetStack();
  for (auto _ : state) {
    if (!redis::Ping(*stack.redis).ok()) {
      state.SkipWithError("ping failed");
      break;
    }
  }
}
BENCHMARK(BM_RedisPing)->UseRealTime()->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace mxedge::appservice_router

int main(int argc, char** argv) {
  mxedge::common::InitLogging("router_intake_bench", mxedge::common::LogLevel::kWarn);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
    return 1;
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
