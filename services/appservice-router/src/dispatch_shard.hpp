#pragma once
// DispatchShard: the in-memory dispatch state of one owned intake shard, without I/O.
//
// Each event is queued once per sink in a queue per (room, sink); queues are independent, so a
// slow sink or a room whose sink keeps answering RETRY_LATER delays only that queue. A queue has
// at most one delivery in flight: up to `batch_size` events from its head (persistent events of
// one sender for IRC, whose connection carries them; ephemeral events batched apart).
// Outcomes, applied in the batch's order:
// - DONE: the event leaves the queue and an idempotency record is due (TakeDone).
// - REJECTED, or a failed call with INVALID_ARGUMENT: parked with the reason (TakeParked).
// - NOT_MINE: redelivered at once to a re-resolved worker (the answering one excluded), at most
//   `max_not_mine` times in a row, then treated as RETRY_LATER.
// - RETRY_LATER, a missing outcome, any other failed call: the head's attempt count grows; the
//   queue backs off exponentially (backoff_min doubling up to backoff_max, at least the sink's
//   retry_after_ms); after `max_attempts` the head is parked and the queue moves on.
// An event is acknowledged (TakeAcks: its stream id) once every one of its sinks finished it.
// Not thread-safe: one dispatch thread owns it.
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "dispatch_event.hpp"
#include "mxedge/v1/sink.pb.h"
#include "sink_target.hpp"

namespace mxedge::appservice_router {

struct DispatchPolicy {
  int max_attempts = 10;
  std::chrono::milliseconds backoff_min{1000};
  std::chrono::milliseconds backoff_max{300000};
  int batch_size = 100;
  int max_not_mine = 3;
};

// One event on its way to its sinks.
struct TrackedEvent {
  DispatchEvent event;
  int remaining_sinks = 0;
};

// A batch of one queue's head, in flight to one sink.
struct Delivery {
  uint64_t id = 0;
  std::string room_id;
  SinkTarget sink;
  bool ephemeral = false;
  // IRC: whose connection carries the batch (the sender of every event in it).
  std::string routing_user;
  std::vector<std::shared_ptr<TrackedEvent>> events;
  // 1 for a first delivery of the head event, more for redeliveries.
  uint32_t attempt = 1;
  // Workers that answered NOT_MINE for this head; the router resolves past them.
  std::vector<std::string> excluded_workers;
  // Filled by the sender: the worker addressed (IRC) and its address.
  std::string worker_id;
  std::string address;
};

struct DoneRecord {
  std::string event_id;
  std::string sink;
  int64_t received_unix_ms = 0;  // when the intake received the event
};

struct ParkedEvent {
  std::shared_ptr<TrackedEvent> event;
  std::string sink;
  std::string reason;
  int attempts = 0;
};

// What one completion did, for metrics.
struct CompletionStats {
  int done = 0;
  int parked = 0;
  int not_mine = 0;
  bool retry = false;  // the queue backs off (or parked its head after the last attempt)
  bool stale = false;  // the delivery is no longer expected (ignored)
};

class DispatchShard {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  DispatchShard(int shard, DispatchPolicy policy);

  int shard() const { return shard_; }

  // Queues the event for each sink; with no sink it is acknowledged at once.
  void Add(DispatchEvent event, std::vector<SinkTarget> sinks);

  // The deliveries that may start now; their queues are in flight until Complete or Defer.
  std::vector<Delivery> TakeReady(TimePoint now);
  // Applies a sink's reply (or the call's failure) to the delivery's queue.
  CompletionStats Complete(const Delivery& delivery, const absl::StatusOr<v1::DeliverReply>& reply,
                           TimePoint now);
  // The delivery was never sent (no live worker, no address): retried after a backoff without
  // counting an attempt, since the sink never saw it.
  void Defer(const Delivery& delivery, std::string_view reason, TimePoint now);

  std::vector<std::string> TakeAcks();
  std::vector<DoneRecord> TakeDone();
  std::vector<ParkedEvent> TakeParked();

  // The earliest time an idle, backed-off queue becomes ready; nullopt when none waits.
  std::optional<TimePoint> NextWakeup() const;
  // Events added and not yet acknowledged.
  size_t unacked() const { return unacked_; }
  size_t queue_count() const { return queues_.size(); }
  size_t in_flight() const;

 private:
  struct Queue {
    std::string room_id;
    SinkTarget sink;
    std::deque<std::shared_ptr<TrackedEvent>> items;
    bool in_flight = false;
    uint64_t in_flight_id = 0;
    TimePoint ready_at{};
    int head_attempts = 0;  // failed deliveries of the head event
    int failures = 0;       // consecutive failures of the queue: the backoff exponent
    int not_mine = 0;       // consecutive NOT_MINE answers for the head
    std::vector<std::string> excluded_workers;
  };
  using QueueKey = std::pair<std::string, std::string>;  // room id, sink name

  Queue* FindInFlight(const Delivery& delivery);
  void Finish(const std::shared_ptr<TrackedEvent>& event);
  void PopHead(Queue& queue);
  void Park(Queue& queue, std::string reason);
  // A failed delivery of the head: backoff, or park after the last attempt.
  void Fail(Queue& queue, std::string_view reason, int64_t retry_after_ms, TimePoint now);
  std::chrono::milliseconds Backoff(int failures) const;
  void DropIfIdle(const QueueKey& key);

  int shard_;
  DispatchPolicy policy_;
  std::map<QueueKey, Queue> queues_;
  uint64_t next_delivery_id_ = 1;
  size_t unacked_ = 0;
  std::vector<std::string> acks_;
  std::vector<DoneRecord> done_;
  std::vector<ParkedEvent> parked_;
};

}  // namespace mxedge::appservice_router
