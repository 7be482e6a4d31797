#pragma once
// Dispatcher: the router's dispatch component (ARCHITECTURE.md "Dispatch", "Delivery contract").
//
// Three threads:
// - ownership: every heartbeat_interval a ShardAssigner tick (registry heartbeat, fenced shard
//   leases); a shard whose lease is lost is dropped by the dispatch thread on its next wake-up,
//   its in-flight results ignored and nothing of it acknowledged any more.
// - reader: for each newly owned shard first claims the shard's whole pending list
//   (XAUTOCLAIM ... 0, in id order), then reads every owned shard with one XREADGROUP > BLOCK.
//   Each entry is parsed (a malformed one is parked and acknowledged), its sinks selected
//   (SinkSelector) and the sinks whose `ev:<event_id>:<sink>` record is done are skipped, one
//   Redis round trip per step for a whole read batch (dispatch_records.hpp). Every
//   trim_interval each owned stream is trimmed with XTRIM MINID below its oldest pending entry.
// - dispatch: feeds the per-shard queues (DispatchShard), sends ready deliveries through the
//   SinkClient (IRC ones addressed by IrcRouter), applies the replies, parks given-up events in
//   `as:dead` (WARN + counter), and writes the idempotency records of what sinks finished together
//   with the XACK of finished entries (one pipeline per shard and wake-up).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "dispatch_shard.hpp"
#include "dispatch_sink_selector.hpp"
#include "irc_routing.hpp"
#include "mxedge/common/clock.hpp"
#include "mxedge/common/metrics_registry.hpp"
#include "mxedge/ownership/idempotency_store.hpp"
#include "mxedge/ownership/lease_store.hpp"
#include "mxedge/ownership/member_registry.hpp"
#include "mxedge/redis/redis_client.hpp"
#include "shard_assigner.hpp"
#include "sink_client.hpp"

namespace mxedge::appservice_router {

struct DispatchMetrics;

struct DispatcherOptions {
  std::string router_id;
  std::string key_prefix = "mxedge:";
  int shards = 16;
  int max_attempts = 10;
  std::chrono::milliseconds backoff_min{1000};
  std::chrono::milliseconds backoff_max{300000};
  // Events per Deliver call and per XREADGROUP / XAUTOCLAIM page.
  int batch_size = 100;
  std::chrono::milliseconds lease_ttl{15000};
  std::chrono::milliseconds heartbeat_interval{3000};
  // XREADGROUP BLOCK (at most lease_ttl / 3); also bounds how long a newly owned shard waits to
  // be read.
  std::chrono::milliseconds block{1000};
  // IRC workers are live while their heartbeat is younger than this.
  std::chrono::milliseconds irc_worker_timeout{30000};
  int max_not_mine = 3;
  // gRPC address of the micropub sink; empty = micropub deliveries wait for one.
  std::string micropub_address;
  std::chrono::milliseconds idempotency_ttl{7LL * 24 * 3600 * 1000};
  // The reader pauses while this many events are read and not yet acknowledged.
  size_t max_buffered_events = 50000;
  std::chrono::milliseconds trim_interval{30000};
  // Stop() waits this long for deliveries in flight before releasing the shards.
  std::chrono::milliseconds drain_timeout{5000};
};

// Everything the dispatcher uses; all must outlive it. `routers` is `<prefix>as:routers`,
// `irc_workers` is `<prefix>irc:workers`.
struct DispatcherDeps {
  redis::RedisClient& redis;
  ownership::LeaseStore& leases;
  ownership::MemberRegistry& routers;
  ownership::MemberRegistry& irc_workers;
  // The `ev:` records are read and written in pipelines in this store's format; the store itself
  // writes them one by one when a pipelined write got an error reply, to isolate the bad key.
  ownership::IdempotencyStore& idempotency;
  SinkClient& sinks;
  const UserSinkLookup& users;
  common::MetricsRegistry& metrics;
  const common::Clock& clock;
};

class Dispatcher {
 public:
  // Registers the metrics (mxedge_appservice_router_*) on deps.metrics.
  Dispatcher(DispatcherOptions options, DispatcherDeps deps);
  ~Dispatcher();  // Stop()
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  // Starts the threads; InvalidArgumentError for bad options (names the option).
  absl::Status Start();
  // Graceful: stops reading, waits up to drain_timeout for deliveries in flight (acknowledging
  // what they finished), releases every shard lease and leaves the router registry.
  void Stop();
  // A crash as the other routers see it: threads stop, nothing more is acknowledged, nothing is
  // released; the leases expire after lease_ttl and another router takes the shards.
  void Abandon();

  // OK while the ownership loop reaches Redis and the reader is not failing; otherwise why.
  absl::Status Ready() const;

  // The shards owned now (for tests and status).
  std::vector<int> OwnedShards() const;
  // Events read and not yet acknowledged.
  size_t Unacked() const { return unacked_.load(); }

 private:
  struct Inbound {
    int shard = 0;
    int64_t epoch = 0;
    DispatchEvent event;
    std::vector<SinkTarget> sinks;
  };
  struct Completion {
    int shard = 0;
    int64_t epoch = 0;
    Delivery delivery;
    absl::StatusOr<v1::DeliverReply> reply;
  };
  struct ShardRun {
    int64_t epoch = 0;
    std::unique_ptr<DispatchShard> state;
  };

  void OwnershipLoop();
  // Before a handover: forget the shards and wait until the reader no longer touches them.
  void StopUsingShards(const std::vector<int>& shards);
  void ReaderLoop();
  void DispatchLoop();
  void Shutdown(bool graceful);

  // Reader helpers.
  bool ClaimPending(int shard, int64_t epoch);
  // `redelivery`: the entries come from a claimed pending list, so a previous reader may already
  // have delivered them; each delivery still needed is counted as a possible duplicate.
  bool Route(int shard, int64_t epoch, std::span<const redis::StreamEntry> raw,
             bool redelivery = false);
  void ParkMalformed(int shard, const redis::StreamEntry& raw, const absl::Status& why);
  void Trim(const std::map<int, int64_t>& owned);
  bool WaitForReader(std::chrono::milliseconds delay);

  // Dispatch helpers.
  void Send(int shard, int64_t epoch, DispatchShard& state, Delivery delivery);
  void Flush(int shard, DispatchShard& state);
  void FinishEntries(int shard, std::vector<std::string> done_keys,
                     std::vector<std::string> ack_ids);

  DispatcherOptions options_;
  DispatcherDeps deps_;
  ShardAssigner assigner_;
  SinkSelector selector_;
  IrcRouter irc_router_;
  std::unique_ptr<DispatchMetrics> metrics_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool abandon_ = false;
  bool started_ = false;
  std::map<int, int64_t> owned_;  // shard -> lease epoch, written by the ownership thread
  std::vector<Inbound> inbox_;
  std::vector<Completion> completions_;
  int64_t in_flight_calls_ = 0;
  absl::Status ownership_status_ = absl::UnavailableError("dispatch not started");
  absl::Status reader_status_ = absl::OkStatus();
  // Shards the reader is reading, claiming or routing right now; a handover waits for them.
  std::set<int> reader_busy_;

  // Reader thread only.
  std::map<int, int64_t> reader_epochs_;
  std::map<int, std::string> last_read_ids_;
  std::chrono::steady_clock::time_point next_trim_{};

  // Dispatch thread only.
  std::map<int, ShardRun> runs_;
  // Done records and acks whose write failed, retried with the next ones.
  std::map<int, std::pair<std::vector<std::string>, std::vector<std::string>>> unsent_;

  std::atomic<size_t> unacked_{0};
  std::thread ownership_thread_;
  std::thread reader_thread_;
  std::thread dispatch_thread_;
};

}  // namespace mxedge::appservice_router
