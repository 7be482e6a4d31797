// Dispatch from real redis-server intake streams to a fake EventSink over real gRPC on 127.0.0.1,
// with a baseline in the same run: the bare consumer-group loop (XREADGROUP COUNT 100 + XACK of
// the same entries) with no parsing, selection, idempotency records or sink.
//
//   build/release-r3/bench/router_dispatch/router_dispatch_bench
//
// Times are wall-clock (manual timing around the measured part only).
// - BM_RawReadAck:           preloaded entries drained by XREADGROUP + XACK (events/s).
// - BM_DispatchThroughput:   preloaded entries (20 rooms, 16 shards) dispatched by one Dispatcher
//                            until the sink answered DONE for all and all are acknowledged.
// - BM_DispatchLatency1000:  entries added at 1 000 events/s for 5 s while the Dispatcher runs;
//                            counters p50_ms / p99_ms / max_ms = intake XADD -> sink receipt.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "dispatch_entry.hpp"
#include "dispatch_service.hpp"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "mxedge/common/clock.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/metrics_registry.hpp"
#include "mxedge/ownership/redis_idempotency_store.hpp"
#include "mxedge/ownership/redis_lease_store.hpp"
#include "mxedge/ownership/redis_member_registry.hpp"
#include "mxedge/redis/commands.hpp"
#include "mxedge/redis/hiredis_client.hpp"
#include "mxedge/redis/stream_commands.hpp"
#include "mxedge/testing/redis_server.hpp"
#include "mxedge/v1/sink.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "sink_channel_cache.hpp"
#include "sink_client_grpc.hpp"

namespace mxedge::appservice_router {
namespace {

constexpr int kShards = 16;
constexpr int kRooms = 20;

// Event ids must be new in every run (and repetition): a done idempotency record of an earlier
// run would make the dispatcher skip them.
int NextRun() {
  static int run = 0;
  return run++;
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class NoUsers final : public UserSinkLookup {
 public:
  std::optional<SinkTarget> SinkOfUser(std::string_view) const override { return std::nullopt; }
};

// Answers DONE for every event and records intake -> receipt latency from content.t_us.
class FastSink final : public v1::EventSink::Service {
 public:
  FastSink() {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(this);
    server_ = builder.BuildAndStart();
  }
  ~FastSink() override { server_->Shutdown(); }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  grpc::Status Deliver(grpc::ServerContext*, const v1::DeliverRequest* request,
                       v1::DeliverReply* reply) override {
    const int64_t now = NowMicros();
    std::vector<int64_t> latencies;
    for (const v1::MatrixEvent& event : request->events()) {
      v1::EventOutcome* outcome = reply->add_outcomes();
      outcome->set_event_id(event.event_id());
      outcome->set_outcome(v1::DELIVERY_OUTCOME_DONE);
      nlohmann::json content = nlohmann::json::parse(event.content_json(), nullptr, false);
      if (content.is_object() && content.contains("t_us")) {
        latencies.push_back(now - content["t_us"].get<int64_t>());
      }
    }
    std::lock_guard<std::mutex> lock(mu_);
    done_ += request->events_size();
    latencies_us_.insert(latencies_us_.end(), latencies.begin(), latencies.end());
    cv_.notify_all();
    return grpc::Status::OK;
  }

  void Reset() {
    std::lock_guard<std::mutex> lock(mu_);
    done_ = 0;
    latencies_us_.clear();
  }
  bool WaitDone(int64_t n, std::chrono::seconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return done_ >= n; });
  }
  std::vector<int64_t> Latencies() {
    std::lock_guard<std::mutex> lock(mu_);
    return latencies_us_;
  }

 private:
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
  std::mutex mu_;
  std::condition_variable cv_;
  int64_t done_ = 0;
  std::vector<int64_t> latencies_us_;
};

struct Stack {
  Stack() {
    common::InitLogging("router-dispatch-bench", common::LogLevel::kWarn);
    redis_server = std::move(*mxedge::testing::RedisServer::Start());
    redis::HiredisOptions options;
    options.url = redis_server->url();
    options.pool_size = 8;
    client = std::move(*redis::HiredisClient::Create(options));
    for (int r = 0; r < kRooms; ++r) {
      rooms.push_back("!bench" + std::to_string(r) + ":hs");
      (void)redis::Set(*client, "mxedge:mp:room:" + rooms.back(), "@owner:hs");
    }
  }

  // XADDs `count` entries round-robin over the rooms; `tag` keeps event ids unique per run.
  void Add(int first, int count, const std::string& tag) {
    std::vector<std::vector<std::string>> commands;
    for (int i = first; i < first + count; ++i) {
      const std::string& room = rooms[static_cast<size_t>(i % kRooms)];
      nlohmann::json event = {{"event_id", "$" + tag + std::to_string(i)},
                              {"room_id", room},
                              {"sender", "@alice:hs"},
                              {"type", "m.room.message"},
                              {"content", {{"body", "hello"}, {"t_us", NowMicros()}}}};
      DispatchEntry entry;
      entry.event_json = event.dump();
      entry.txn_id = tag;
      entry.received_unix_ms = common::SystemClock::Instance().NowUnixMs();
      std::vector<std::string> xadd = {"XADD", DispatchStreamKey("mxedge:", i % kRooms % kShards),
                                       "*"};
      for (auto& [field, value] : EncodeEntryFields(entry)) {
        xadd.push_back(field);
        xadd.push_back(value);
      }
      commands.push_back(std::move(xadd));
      if (commands.size() == 500) {
        (void)client->Pipeline(commands);
        commands.clear();
      }
    }
    if (!commands.empty()) {
      (void)client->Pipeline(commands);
    }
  }

  std::unique_ptr<mxedge::testing::RedisServer> redis_server;
  std::unique_ptr<redis::HiredisClient> client;
  std::vector<std::string> rooms;
  FastSink sink;
};

Stack& GetStack() {
  static Stack* stack = new Stack();
  return *stack;
}

// One dispatcher with its own stores; started on construction, stopped on destruction.
struct Router {
  explicit Router(Stack& stack, const std::string& id)
      : leases(*stack.client),
        routers(*stack.client, "mxedge:as:routers", common::SystemClock::Instance()),
        workers(*stack.client, "mxedge:irc:workers", common::SystemClock::Instance()),
        idempotency(*stack.client),
        sinks(GrpcSinkClientOptions{"bench", std::chrono::milliseconds(5000)}, channels) {
    DispatcherOptions options;
    options.router_id = id;
    options.shards = kShards;
    options.batch_size = 100;
    options.block = std::chrono::milliseconds(100);
    options.heartbeat_interval = std::chrono::milliseconds(500);
    options.lease_ttl = std::chrono::milliseconds(3000);
    options.micropub_address = stack.sink.address();
    dispatcher = std::make_unique<Dispatcher>(
        options, DispatcherDeps{*stack.client, leases, routers, workers, idempotency, sinks, users,
                                metrics, common::SystemClock::Instance()});
    (void)dispatcher->Start();
    while (dispatcher->OwnedShards().size() < static_cast<size_t>(kShards)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  ~Router() { dispatcher->Stop(); }

  ownership::RedisLeaseStore leases;
  ownership::RedisMemberRegistry routers;
  ownership::RedisMemberRegistry workers;
  ownership::RedisIdempotencyStore idempotency;
  SinkChannelCache channels;
  GrpcSinkClient sinks;
  NoUsers users;
  common::MetricsRegistry metrics;
  std::unique_ptr<Dispatcher> dispatcher;
};

void BM_RawReadAck(benchmark::State& state) {
  Stack& stack = GetStack();
  const int n = static_cast<int>(state.range(0));
  for (auto _ : state) {
    const std::string key = "mxedge:bench:raw:" + std::to_string(NextRun());
    (void)redis::XGroupCreate(*stack.client, key, "router", "0");
    std::vector<std::vector<std::string>> commands;
    for (int i = 0; i < n; ++i) {
      commands.push_back({"XADD", key, "*", "event", std::string(300, 'x'), "kind", "room"});
    }
    (void)stack.client->Pipeline(commands);
    const auto start = std::chrono::steady_clock::now();
    int64_t read = 0;
    while (read < n) {
      redis::XReadGroupOptions options;
      options.count = 100;
      auto entries = redis::XReadGroup(*stack.client, "router", "bench", key, ">", options);
      if (!entries.ok() || entries->empty()) {
        state.SkipWithError("XREADGROUP failed or ran dry");
        return;
      }
      std::vector<std::string> ids;
      for (const redis::StreamEntry& entry : *entries) {
        ids.push_back(entry.id);
      }
      (void)redis::XAck(*stack.client, key, "router", ids);
      read += static_cast<int64_t>(ids.size());
    }
    state.SetIterationTime(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_RawReadAck)->Arg(20000)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(3);

void BM_DispatchThroughput(benchmark::State& state) {
  Stack& stack = GetStack();
  const int n = static_cast<int>(state.range(0));
  for (auto _ : state) {
    stack.sink.Reset();
    stack.Add(0, n, "t" + std::to_string(NextRun()) + "-");
    const auto start = std::chrono::steady_clock::now();
    Router router(stack, "bench-router");
    if (!stack.sink.WaitDone(n, std::chrono::seconds(300))) {
      state.SkipWithError("not every event reached the sink");
      return;
    }
    while (router.dispatcher->Unacked() > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    state.SetIterationTime(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_DispatchThroughput)
    ->Arg(20000)
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->Iterations(3);

void BM_DispatchLatency1000(benchmark::State& state) {
  Stack& stack = GetStack();
  constexpr int kPerTick = 10;  // 10 events every 10 ms = 1 000 events/s
  constexpr int kTicks = 500;   // 5 s
  for (auto _ : state) {
    stack.sink.Reset();
    Router router(stack, "bench-router");
    const std::string tag = "l" + std::to_string(NextRun()) + "-";
    const auto start = std::chrono::steady_clock::now();
    auto next = std::chrono::steady_clock::now();
    for (int tick = 0; tick < kTicks; ++tick) {
      stack.Add(tick * kPerTick, kPerTick, tag);
      next += std::chrono::milliseconds(10);
      std::this_thread::sleep_until(next);
    }
    if (!stack.sink.WaitDone(kPerTick * kTicks, std::chrono::seconds(60))) {
      state.SkipWithError("not every event reached the sink");
      return;
    }
    state.SetIterationTime(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    std::vector<int64_t> latencies = stack.sink.Latencies();
    std::sort(latencies.begin(), latencies.end());
    auto at = [&](double q) {
      return static_cast<double>(latencies[static_cast<size_t>(q * (latencies.size() - 1))]) /
             1000.0;
    };
    state.counters["p50_ms"] = at(0.50);
    state.counters["p99_ms"] = at(0.99);
    state.counters["max_ms"] = at(1.0);
    state.counters["events"] = static_cast<double>(latencies.size());
  }
}
BENCHMARK(BM_DispatchLatency1000)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(1);

}  // namespace
}  // namespace mxedge::appservice_router

BENCHMARK_MAIN();
