#include "dispatch_shard.hpp"

#include <algorithm>

#include "dispatch_text.hpp"
#include "mxedge/common/check.hpp"

namespace mxedge::appservice_router {

using dispatch_text::Cat;

DispatchShard::DispatchShard(int shard, DispatchPolicy policy)
    : shard_(shard), policy_(std::move(policy)) {
  MXEDGE_CHECK(policy_.max_attempts > 0);
  MXEDGE_CHECK(policy_.batch_size > 0);
  MXEDGE_CHECK(policy_.backoff_min.count() >= 0);
  MXEDGE_CHECK(policy_.backoff_max >= policy_.backoff_min);
}

void DispatchShard::Add(DispatchEvent event, std::vector<SinkTarget> sinks) {
  if (sinks.empty()) {
    acks_.push_back(event.entry.stream_id);
    return;
  }
  auto tracked = std::make_shared<TrackedEvent>();
  tracked->remaining_sinks = static_cast<int>(sinks.size());
  tracked->event = std::move(event);
  ++unacked_;
  const std::string& room_id = tracked->event.room_id();
  for (SinkTarget& sink : sinks) {
    QueueKey key(room_id, sink.name);
    auto [it, inserted] = queues_.try_emplace(std::move(key));
    Queue& queue = it->second;
    if (inserted) {
      queue.room_id = room_id;
      queue.sink = std::move(sink);
    }
    queue.items.push_back(tracked);
  }
}

std::vector<Delivery> DispatchShard::TakeReady(TimePoint now) {
  std::vector<Delivery> out;
  for (auto& [key, queue] : queues_) {
    if (queue.in_flight || queue.items.empty() || queue.ready_at > now) {
      continue;
    }
    Delivery delivery;
    delivery.id = next_delivery_id_++;
    delivery.room_id = queue.room_id;
    delivery.sink = queue.sink;
    const DispatchEvent& head = queue.items.front()->event;
    delivery.ephemeral = !head.persistent();
    delivery.routing_user = head.sender();
    delivery.attempt = static_cast<uint32_t>(queue.head_attempts + 1);
    delivery.excluded_workers = queue.excluded_workers;
    for (const std::shared_ptr<TrackedEvent>& item : queue.items) {
      if (delivery.events.size() >= static_cast<size_t>(policy_.batch_size)) {
        break;
      }
      const DispatchEvent& event = item->event;
      if (event.persistent() == delivery.ephemeral) {
        break;
      }
      if (queue.sink.is_irc() && event.sender() != delivery.routing_user) {
        break;
      }
      delivery.events.push_back(item);
    }
    queue.in_flight = true;
    queue.in_flight_id = delivery.id;
    out.push_back(std::move(delivery));
  }
  return out;
}

DispatchShard::Queue* DispatchShard::FindInFlight(const Delivery& delivery) {
  auto it = queues_.find(QueueKey(delivery.room_id, delivery.sink.name));
  if (it == queues_.end() || !it->second.in_flight || it->second.in_flight_id != delivery.id) {
    return nullptr;
  }
  return &it->second;
}

void DispatchShard::Finish(const std::shared_ptr<TrackedEvent>& event) {
  if (--event->remaining_sinks == 0) {
    acks_.push_back(event->event.entry.stream_id);
    --unacked_;
  }
}

void DispatchShard::PopHead(Queue& queue) {
  MXEDGE_CHECK(!queue.items.empty());
  std::shared_ptr<TrackedEvent> head = std::move(queue.items.front());
  queue.items.pop_front();
  queue.head_attempts = 0;
  queue.not_mine = 0;
  queue.excluded_workers.clear();
  Finish(head);
}

void DispatchShard::Park(Queue& queue, std::string reason) {
  MXEDGE_CHECK(!queue.items.empty());
  parked_.push_back(ParkedEvent{queue.items.front(), queue.sink.name, std::move(reason),
                                std::max(queue.head_attempts, 1)});
  PopHead(queue);
}

std::chrono::milliseconds DispatchShard::Backoff(int failures) const {
  std::chrono::milliseconds delay = policy_.backoff_min;
  for (int i = 1; i < failures && delay < policy_.backoff_max; ++i) {
    delay *= 2;
  }
  return std::min(delay, policy_.backoff_max);
}

void DispatchShard::Fail(Queue& queue, std::string_view reason, int64_t retry_after_ms,
                         TimePoint now) {
  ++queue.head_attempts;
  ++queue.failures;
  if (queue.head_attempts >= policy_.max_attempts) {
    Park(queue, Cat("gave up after ", queue.head_attempts, " attempts: ", reason));
    queue.failures = 0;
    queue.ready_at = now;
    return;
  }
  std::chrono::milliseconds delay = Backoff(queue.failures);
  delay = std::max(delay, std::chrono::milliseconds(std::max<int64_t>(retry_after_ms, 0)));
  queue.ready_at = now + delay;
}

CompletionStats DispatchShard::Complete(const Delivery& delivery,
                                        const absl::StatusOr<v1::DeliverReply>& reply,
                                        TimePoint now) {
  CompletionStats stats;
  Queue* queue = FindInFlight(delivery);
  if (queue == nullptr) {
    stats.stale = true;
    return stats;
  }
  QueueKey key(delivery.room_id, delivery.sink.name);
  queue->in_flight = false;
  if (!reply.ok()) {
    std::string reason = Cat("sink call failed: ", reply.status().ToString());
    if (absl::IsInvalidArgument(reply.status())) {
      for (size_t i = 0; i < delivery.events.size(); ++i) {
        MXEDGE_CHECK(queue->items.front() == delivery.events[i]);
        ++queue->head_attempts;
        Park(*queue, reason);
        ++stats.parked;
      }
      queue->failures = 0;
      queue->ready_at = now;
    } else {
      size_t before = parked_.size();
      Fail(*queue, reason, 0, now);
      stats.retry = true;
      stats.parked += static_cast<int>(parked_.size() - before);
    }
    DropIfIdle(key);
    return stats;
  }
  const auto& outcomes = reply->outcomes();
  for (size_t i = 0; i < delivery.events.size(); ++i) {
    MXEDGE_CHECK(!queue->items.empty() && queue->items.front() == delivery.events[i]);
    const DispatchEvent& event = delivery.events[i]->event;
    if (!event.persistent()) {
      PopHead(*queue);
      ++stats.done;
      continue;
    }
    v1::DeliveryOutcome outcome = v1::DELIVERY_OUTCOME_UNSPECIFIED;
    std::string reason = "no outcome reported";
    int64_t retry_after_ms = 0;
    if (i < static_cast<size_t>(outcomes.size()) &&
        outcomes[static_cast<int>(i)].event_id() == event.event_id()) {
      const v1::EventOutcome& reported = outcomes[static_cast<int>(i)];
      outcome = reported.outcome();
      reason = reported.reason().empty() ? v1::DeliveryOutcome_Name(outcome) : reported.reason();
      retry_after_ms = reported.retry_after_ms();
    }
    if (outcome == v1::DELIVERY_OUTCOME_DONE) {
      done_.push_back(
          DoneRecord{event.event_id(), delivery.sink.name, event.entry.received_unix_ms});
      PopHead(*queue);
      queue->failures = 0;
      ++stats.done;
      continue;
    }
    if (outcome == v1::DELIVERY_OUTCOME_REJECTED) {
      ++queue->head_attempts;
      Park(*queue, Cat("rejected by sink: ", reason));
      queue->failures = 0;
      ++stats.parked;
      continue;
    }
    if (outcome == v1::DELIVERY_OUTCOME_NOT_MINE && queue->not_mine < policy_.max_not_mine) {
      ++queue->not_mine;
      ++stats.not_mine;
      if (!delivery.worker_id.empty()) {
        queue->excluded_workers.push_back(delivery.worker_id);
      }
      queue->ready_at = now;
      break;
    }
    if (outcome == v1::DELIVERY_OUTCOME_NOT_MINE) {
      reason = Cat("not mine after ", queue->not_mine, " re-resolutions");
      queue->not_mine = 0;
      queue->excluded_workers.clear();
    }
    size_t before = parked_.size();
    Fail(*queue, reason, retry_after_ms, now);
    stats.retry = true;
    stats.parked += static_cast<int>(parked_.size() - before);
    break;
  }
  if (stats.done + stats.parked > 0 && !stats.retry && stats.not_mine == 0) {
    queue->ready_at = now;
  }
  DropIfIdle(key);
  return stats;
}

void DispatchShard::Defer(const Delivery& delivery, std::string_view reason, TimePoint now) {
  (void)reason;
  Queue* queue = FindInFlight(delivery);
  if (queue == nullptr) {
    return;
  }
  queue->in_flight = false;
  ++queue->failures;
  queue->ready_at = now + Backoff(queue->failures);
}

void DispatchShard::DropIfIdle(const QueueKey& key) {
  auto it = queues_.find(key);
  if (it != queues_.end() && !it->second.in_flight && it->second.items.empty()) {
    queues_.erase(it);
  }
}

std::vector<std::string> DispatchShard::TakeAcks() { return std::exchange(acks_, {}); }
std::vector<DoneRecord> DispatchShard::TakeDone() { return std::exchange(done_, {}); }
std::vector<ParkedEvent> DispatchShard::TakeParked() { return std::exchange(parked_, {}); }

std::optional<DispatchShard::TimePoint> DispatchShard::NextWakeup() const {
  std::optional<TimePoint> earliest;
  for (const auto& [key, queue] : queues_) {
    if (queue.in_flight || queue.items.empty()) {
      continue;
    }
    if (!earliest || queue.ready_at < *earliest) {
      earliest = queue.ready_at;
    }
  }
  return earliest;
}

size_t DispatchShard::in_flight() const {
  return static_cast<size_t>(std::count_if(queues_.begin(), queues_.end(),
                                           [](const auto& kv) { return kv.second.in_flight; }));
}

}  // namespace mxedge::appservice_router
