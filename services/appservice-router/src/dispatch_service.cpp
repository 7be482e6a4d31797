#include "dispatch_service.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "dead_letter.hpp"
#include "dispatch_entry.hpp"
#include "dispatch_metrics.hpp"
#include "dispatch_records.hpp"
#include "dispatch_text.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/redis/stream_commands.hpp"

namespace mxedge::appservice_router {

using dispatch_text::Cat;
using dispatch_text::Std;

namespace {

ShardAssignerOptions AssignerOptions(const DispatcherOptions& options) {
  ShardAssignerOptions out;
  out.router_id = options.router_id;
  out.shards = options.shards;
  out.key_prefix = options.key_prefix;
  out.lease_ttl = options.lease_ttl;
  out.router_timeout = options.lease_ttl;
  return out;
}

IrcRoutingOptions RoutingOptions(const DispatcherOptions& options) {
  IrcRoutingOptions out;
  out.key_prefix = options.key_prefix;
  out.worker_timeout = options.irc_worker_timeout;
  return out;
}

}  // namespace

Dispatcher::Dispatcher(DispatcherOptions options, DispatcherDeps deps)
    : options_(std::move(options)),
      deps_(deps),
      assigner_(deps.leases, deps.routers, deps.clock, AssignerOptions(options_)),
      selector_(deps.redis, deps.users, options_.key_prefix),
      irc_router_(deps.redis, deps.irc_workers, RoutingOptions(options_)),
      metrics_(std::make_unique<DispatchMetrics>(deps.metrics)) {
  assigner_.SetBeforeRelease([this](const std::vector<int>& shards) { StopUsingShards(shards); });
}

void Dispatcher::StopUsingShards(const std::vector<int>& shards) {
  std::unique_lock<std::mutex> lock(mu_);
  for (int shard : shards) {
    owned_.erase(shard);
  }
  metrics_->owned.Set(static_cast<double>(owned_.size()));
  cv_.notify_all();
  cv_.wait(lock, [&] {
    return stopping_ || std::none_of(shards.begin(), shards.end(),
                                     [&](int shard) { return reader_busy_.contains(shard); });
  });
}

Dispatcher::~Dispatcher() { Stop(); }

absl::Status Dispatcher::Start() {
  auto invalid = [](std::string_view what) {
    return absl::InvalidArgumentError(Cat("dispatch: ", what));
  };
  if (options_.router_id.empty()) {
    return invalid("router_id must not be empty");
  }
  if (options_.shards <= 0) {
    return invalid("shards must be positive");
  }
  if (options_.max_attempts <= 0 || options_.batch_size <= 0 || options_.max_not_mine < 0) {
    return invalid("max_attempts and batch_size must be positive");
  }
  if (options_.backoff_min.count() <= 0 || options_.backoff_max < options_.backoff_min) {
    return invalid("backoff_min must be positive and not above backoff_max");
  }
  if (options_.heartbeat_interval.count() <= 0 ||
      options_.lease_ttl < 3 * options_.heartbeat_interval) {
    return invalid("lease_ttl must be at least three heartbeat intervals");
  }
  if (options_.block.count() <= 0) {
    return invalid("block must be positive");
  }
  // A router that lost a lease self-fences at half its TTL; its last read must end before the
  // next owner can take the shard, so a read never blocks longer than a third of the TTL.
  options_.block = std::min(options_.block, options_.lease_ttl / 3);
  std::lock_guard<std::mutex> lock(mu_);
  if (started_) {
    return absl::FailedPreconditionError("dispatch: already started");
  }
  started_ = true;
  ownership_thread_ = std::thread([this] { OwnershipLoop(); });
  reader_thread_ = std::thread([this] { ReaderLoop(); });
  dispatch_thread_ = std::thread([this] { DispatchLoop(); });
  common::LogInfo("dispatch started",
                  {{"router_id", options_.router_id}, {"shards", options_.shards}});
  return absl::OkStatus();
}

void Dispatcher::Stop() { Shutdown(/*graceful=*/true); }
void Dispatcher::Abandon() { Shutdown(/*graceful=*/false); }

void Dispatcher::Shutdown(bool graceful) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!started_ || stopping_) {
      return;
    }
    stopping_ = true;
    abandon_ = !graceful;
  }
  cv_.notify_all();
  if (ownership_thread_.joinable()) {
    ownership_thread_.join();
  }
  if (reader_thread_.joinable()) {
    reader_thread_.join();
  }
  if (dispatch_thread_.joinable()) {
    dispatch_thread_.join();
  }
  {
    // Callbacks of calls still in flight touch this object: wait for them (each call has a
    // deadline, so this ends).
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return in_flight_calls_ == 0; });
  }
  if (graceful) {
    std::vector<int> released = assigner_.ReleaseAll();
    common::LogInfo("dispatch stopped",
                    {{"router_id", options_.router_id},
                     {"released_shards", static_cast<int64_t>(released.size())}});
  } else {
    common::LogWarn("dispatch abandoned without releasing its shards",
                    {{"router_id", options_.router_id}});
  }
  metrics_->owned.Set(0);
}

absl::Status Dispatcher::Ready() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (!ownership_status_.ok()) {
    return ownership_status_;
  }
  return reader_status_;
}

std::vector<int> Dispatcher::OwnedShards() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<int> out;
  for (const auto& [shard, epoch] : owned_) {
    out.push_back(shard);
  }
  return out;
}

// ---- ownership thread ----

void Dispatcher::OwnershipLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    lock.unlock();
    absl::StatusOr<ShardChanges> changes = assigner_.Tick();
    std::map<int, int64_t> owned;
    for (const auto& [shard, lease] : assigner_.owned()) {
      owned[shard] = lease.epoch;
    }
    lock.lock();
    if (changes.ok()) {
      ownership_status_ = absl::OkStatus();
    } else {
      ownership_status_ = changes.status();
      common::LogWarn("shard ownership tick failed", {{"error", Std(changes.status().message())}});
    }
    if (owned != owned_) {
      owned_ = std::move(owned);
      metrics_->owned.Set(static_cast<double>(owned_.size()));
      cv_.notify_all();
    }
    cv_.wait_for(lock, options_.heartbeat_interval, [this] { return stopping_; });
  }
}

// ---- dispatch thread ----

void Dispatcher::FinishEntries(int shard, std::vector<std::string> done_keys,
                               std::vector<std::string> ack_ids) {
  auto& [unsent_done, unsent_acks] = unsent_[shard];
  unsent_done.insert(unsent_done.end(), std::make_move_iterator(done_keys.begin()),
                     std::make_move_iterator(done_keys.end()));
  unsent_acks.insert(unsent_acks.end(), std::make_move_iterator(ack_ids.begin()),
                     std::make_move_iterator(ack_ids.end()));
  if (unsent_done.empty() && unsent_acks.empty()) {
    return;
  }
  absl::Status written =
      WriteDoneAndAck(deps_.redis, unsent_done, options_.idempotency_ttl,
                      DispatchStreamKey(options_.key_prefix, shard), kDispatchGroup, unsent_acks);
  if (written.ok()) {
    unsent_done.clear();
    unsent_acks.clear();
    return;
  }
  common::LogWarn("done records and acks not written",
                  {{"shard", shard}, {"error", Std(written.message())}});
  if (absl::IsUnavailable(written) || absl::IsDeadlineExceeded(written)) {
    return;  // Redis unreachable: retried with the next ones
  }
  // An error reply: write the records one by one, so a bad one is named and dropped, then ack.
  for (const std::string& key : unsent_done) {
    absl::Status marked = deps_.idempotency.MarkDone(key, options_.idempotency_ttl);
    if (!marked.ok()) {
      common::LogWarn("idempotency record dropped",
                      {{"key", key}, {"error", Std(marked.message())}});
    }
  }
  unsent_done.clear();
  absl::Status acked =
      WriteDoneAndAck(deps_.redis, {}, options_.idempotency_ttl,
                      DispatchStreamKey(options_.key_prefix, shard), kDispatchGroup, unsent_acks);
  if (acked.ok()) {
    unsent_acks.clear();
  }
}

void Dispatcher::Flush(int shard, DispatchShard& state) {
  const int64_t now_ms = deps_.clock.NowUnixMs();
  std::vector<std::string> done_keys;
  for (const DoneRecord& done : state.TakeDone()) {
    done_keys.push_back(EventRecordKey(options_.key_prefix, done.event_id, done.sink));
    if (done.received_unix_ms > 0 && now_ms >= done.received_unix_ms) {
      metrics_->latency.Observe(static_cast<double>(now_ms - done.received_unix_ms) / 1000.0);
    }
  }
  for (const ParkedEvent& parked : state.TakeParked()) {
    DeadLetter letter;
    letter.stream = DispatchStreamKey(options_.key_prefix, shard);
    letter.entry = parked.event->event.entry;
    letter.sink = parked.sink;
    letter.reason = parked.reason;
    letter.attempts = parked.attempts;
    letter.parked_unix_ms = now_ms;
    absl::StatusOr<std::string> id = ParkDeadLetter(deps_.redis, options_.key_prefix, letter);
    common::LogWarn("event parked", {{"event_id", parked.event->event.event_id()},
                                     {"sink", parked.sink},
                                     {"reason", parked.reason},
                                     {"attempts", parked.attempts},
                                     {"stored", id.ok()}});
    metrics_->parked.WithLabels({parked.sink}).Increment();
    metrics_->deliveries.WithLabels({parked.sink, "parked"}).Increment();
  }
  FinishEntries(shard, std::move(done_keys), state.TakeAcks());
}

void Dispatcher::Send(int shard, int64_t epoch, DispatchShard& state, Delivery delivery) {
  const auto now = deps_.clock.SteadyNow();
  if (delivery.sink.is_irc()) {
    const bool matrix_user = !deps_.users.SinkOfUser(delivery.routing_user).has_value();
    absl::StatusOr<IrcRoute> route = irc_router_.Resolve(
        delivery.sink.network, delivery.routing_user, matrix_user, delivery.excluded_workers);
    if (!route.ok()) {
      common::LogDebug("irc delivery deferred",
                       {{"room_id", delivery.room_id}, {"error", Std(route.status().message())}});
      metrics_->deliveries.WithLabels({delivery.sink.name, "deferred"}).Increment();
      state.Defer(delivery, Std(route.status().message()), now);
      return;
    }
    delivery.worker_id = route->worker_id;
    delivery.address = route->address;
  } else {
    if (options_.micropub_address.empty()) {
      metrics_->deliveries.WithLabels({delivery.sink.name, "deferred"}).Increment();
      state.Defer(delivery, "no micropub address configured", now);
      return;
    }
    delivery.address = options_.micropub_address;
  }
  v1::DeliverRequest request;
  request.set_request_id(Cat(options_.router_id, "-", shard, "-", delivery.id));
  request.set_room_id(delivery.room_id);
  request.set_routing_key(delivery.sink.is_irc()
                              ? Cat(delivery.sink.network, ":", delivery.routing_user)
                              : delivery.room_id);
  request.set_worker_id(delivery.worker_id);
  request.set_attempt(delivery.attempt);
  for (const std::shared_ptr<TrackedEvent>& event : delivery.events) {
    if (delivery.ephemeral) {
      *request.add_ephemeral() = event->event.edu;
    } else {
      *request.add_events() = event->event.pdu;
    }
  }
  std::string address = delivery.address;
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++in_flight_calls_;
  }
  deps_.sinks.Deliver(
      address, std::move(request),
      [this, shard, epoch,
       delivery = std::move(delivery)](absl::StatusOr<v1::DeliverReply> reply) mutable {
        std::lock_guard<std::mutex> lock(mu_);
        completions_.push_back(Completion{shard, epoch, std::move(delivery), std::move(reply)});
        --in_flight_calls_;
        cv_.notify_all();
      });
}

void Dispatcher::DispatchLoop() {
  DispatchPolicy policy;
  policy.max_attempts = options_.max_attempts;
  policy.backoff_min = options_.backoff_min;
  policy.backoff_max = options_.backoff_max;
  policy.batch_size = options_.batch_size;
  policy.max_not_mine = options_.max_not_mine;
  std::optional<std::chrono::steady_clock::time_point> drain_until;
  while (true) {
    std::vector<Inbound> inbox;
    std::vector<Completion> completions;
    std::map<int, int64_t> owned;
    bool stopping = false;
    {
      std::unique_lock<std::mutex> lock(mu_);
      std::optional<std::chrono::steady_clock::time_point> wake;
      for (const auto& [shard, run] : runs_) {
        std::optional<std::chrono::steady_clock::time_point> next = run.state->NextWakeup();
        if (next && (!wake || *next < *wake)) {
          wake = next;
        }
      }
      auto has_work = [&] {
        bool owned_changed = owned_.size() != runs_.size() ||
                             std::any_of(owned_.begin(), owned_.end(), [&](const auto& kv) {
                               auto it = runs_.find(kv.first);
                               return it == runs_.end() || it->second.epoch != kv.second;
                             });
        return stopping_ || !inbox_.empty() || !completions_.empty() || owned_changed;
      };
      // The clock may be a test's; real waits are bounded so a moved clock is noticed.
      auto limit = std::chrono::milliseconds(100);
      if (wake) {
        auto until = *wake - deps_.clock.SteadyNow();
        limit = std::clamp(std::chrono::duration_cast<std::chrono::milliseconds>(until),
                           std::chrono::milliseconds(0), limit);
      }
      if (!has_work() && limit.count() > 0) {
        cv_.wait_for(lock, limit, has_work);
      }
      stopping = stopping_;
      if (stopping && (abandon_ || in_flight_calls_ == 0)) {
        return;
      }
      inbox.swap(inbox_);
      completions.swap(completions_);
      owned = owned_;
    }
    if (stopping && !drain_until) {
      drain_until = deps_.clock.SteadyNow() + options_.drain_timeout;
    }
    if (drain_until && deps_.clock.SteadyNow() >= *drain_until) {
      return;
    }
    for (auto it = runs_.begin(); it != runs_.end();) {
      auto owner = owned.find(it->first);
      if (owner == owned.end() || owner->second != it->second.epoch) {
        common::LogInfo(
            "shard dispatch stopped",
            {{"shard", it->first}, {"unacked", static_cast<int64_t>(it->second.state->unacked())}});
        unsent_.erase(it->first);
        it = runs_.erase(it);
      } else {
        ++it;
      }
    }
    for (const auto& [shard, epoch] : owned) {
      if (!runs_.contains(shard)) {
        runs_[shard] = ShardRun{epoch, std::make_unique<DispatchShard>(shard, policy)};
      }
    }
    for (Inbound& in : inbox) {
      auto run = runs_.find(in.shard);
      if (run != runs_.end() && run->second.epoch == in.epoch) {
        run->second.state->Add(std::move(in.event), std::move(in.sinks));
      }
    }
    const auto now = deps_.clock.SteadyNow();
    for (Completion& done : completions) {
      auto run = runs_.find(done.shard);
      if (run == runs_.end() || run->second.epoch != done.epoch) {
        continue;
      }
      const std::string& sink = done.delivery.sink.name;
      CompletionStats stats = run->second.state->Complete(done.delivery, done.reply, now);
      if (stats.done > 0) {
        metrics_->deliveries.WithLabels({sink, "done"})
            .Increment(static_cast<uint64_t>(stats.done));
      }
      if (stats.not_mine > 0) {
        metrics_->deliveries.WithLabels({sink, "not_mine"}).Increment();
      }
      if (stats.retry) {
        metrics_->deliveries.WithLabels({sink, "retry"}).Increment();
        metrics_->retries.WithLabels({sink}).Increment();
      }
    }
    size_t unacked = 0;
    for (auto& [shard, run] : runs_) {
      if (!stopping) {
        for (Delivery& delivery : run.state->TakeReady(now)) {
          Send(shard, run.epoch, *run.state, std::move(delivery));
        }
      }
      Flush(shard, *run.state);
      unacked += run.state->unacked();
    }
    unacked_.store(unacked);
    metrics_->lag.Set(static_cast<double>(unacked));
    cv_.notify_all();
  }
}

}  // namespace mxedge::appservice_router
