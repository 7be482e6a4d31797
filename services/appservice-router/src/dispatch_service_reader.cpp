// Dispatcher, reader thread: pending-list claims, XREADGROUP, parsing, sink selection,
// idempotency checks and stream trimming (see dispatch_service.hpp).
#include <algorithm>

#include "dead_letter.hpp"
#include "dispatch_entry.hpp"
#include "dispatch_metrics.hpp"
#include "dispatch_records.hpp"
#include "dispatch_service.hpp"
#include "dispatch_text.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/redis/stream_commands.hpp"

namespace mxedge::appservice_router {

using dispatch_text::Cat;
using dispatch_text::Std;

bool Dispatcher::WaitForReader(std::chrono::milliseconds delay) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, delay, [this] { return stopping_; });
  return !stopping_;
}

void Dispatcher::ParkMalformed(int shard, const redis::StreamEntry& raw, const absl::Status& why) {
  metrics_->malformed.Increment();
  DeadLetter letter;
  letter.stream = DispatchStreamKey(options_.key_prefix, shard);
  letter.entry.stream_id = raw.id;
  for (const redis::FieldValue& field : raw.fields) {
    if (field.first == kEntryEvent) {
      letter.entry.event_json = field.second;
    } else if (field.first == kEntryTxn) {
      letter.entry.txn_id = field.second;
    }
  }
  letter.reason = std::string(Std(why.message()));
  letter.attempts = 0;
  letter.parked_unix_ms = deps_.clock.NowUnixMs();
  common::LogWarn("malformed intake entry parked",
                  {{"shard", shard}, {"entry_id", raw.id}, {"reason", letter.reason}});
  if (!raw.deleted) {
    absl::StatusOr<std::string> parked = ParkDeadLetter(deps_.redis, options_.key_prefix, letter);
    if (!parked.ok()) {
      common::LogWarn("parking malformed entry failed",
                      {{"entry_id", raw.id}, {"error", Std(parked.status().message())}});
      return;
    }
  }
  std::vector<std::string> ids = {raw.id};
  absl::StatusOr<int64_t> acked = redis::XAck(deps_.redis, letter.stream, kDispatchGroup, ids);
  if (!acked.ok()) {
    common::LogWarn("ack of malformed entry failed",
                    {{"entry_id", raw.id}, {"error", Std(acked.status().message())}});
  }
}

// Parses, selects sinks and checks idempotency records for a batch of entries of one shard, and
// pushes the events to the inbox in order. Returns false when the reader must stop (stopping, or
// the shard was lost while retrying).
bool Dispatcher::Route(int shard, int64_t epoch, std::span<const redis::StreamEntry> raw,
                       bool redelivery) {
  std::vector<DispatchEvent> events;
  events.reserve(raw.size());
  for (const redis::StreamEntry& entry : raw) {
    absl::StatusOr<DispatchEntry> parsed = ParseEntry(entry);
    if (!parsed.ok()) {
      ParkMalformed(shard, entry, parsed.status());
      continue;
    }
    absl::StatusOr<DispatchEvent> event = ParseDispatchEvent(*std::move(parsed));
    if (!event.ok()) {
      ParkMalformed(shard, entry, event.status());
      continue;
    }
    events.push_back(*std::move(event));
  }
  if (events.empty()) {
    return true;
  }
  std::vector<const DispatchEvent*> pointers;
  pointers.reserve(events.size());
  for (const DispatchEvent& event : events) {
    pointers.push_back(&event);
  }
  std::chrono::milliseconds delay(50);
  while (true) {
    absl::Status failure = absl::OkStatus();
    absl::StatusOr<std::vector<std::vector<SinkTarget>>> sinks = selector_.SelectBatch(pointers);
    std::vector<std::string> keys;
    if (!sinks.ok()) {
      failure = sinks.status();
    } else {
      for (size_t i = 0; i < events.size(); ++i) {
        if (events[i].persistent()) {
          for (const SinkTarget& sink : (*sinks)[i]) {
            keys.push_back(EventRecordKey(options_.key_prefix, events[i].event_id(), sink.name));
          }
        }
      }
    }
    absl::StatusOr<std::vector<bool>> done = std::vector<bool>();
    if (failure.ok()) {
      done = ReadDoneRecords(deps_.redis, keys);
      failure = done.status();
    }
    if (failure.ok()) {
      std::vector<Inbound> routed;
      routed.reserve(events.size());
      size_t key_index = 0;
      for (size_t i = 0; i < events.size(); ++i) {
        std::vector<SinkTarget> wanted;
        if (events[i].persistent()) {
          for (SinkTarget& sink : (*sinks)[i]) {
            if ((*done)[key_index++]) {
              metrics_->deliveries.WithLabels({sink.name, "skipped"}).Increment();
              continue;
            }
            if (redelivery) {
              // A side effect that may have happened before the previous reader stopped.
              metrics_->possible_duplicates.WithLabels({sink.name}).Increment();
            }
            wanted.push_back(std::move(sink));
          }
        } else {
          wanted = std::move((*sinks)[i]);
          if (wanted.empty()) {
            metrics_->ephemeral_dropped.Increment();
          }
        }
        routed.push_back(Inbound{shard, epoch, std::move(events[i]), std::move(wanted)});
      }
      std::lock_guard<std::mutex> lock(mu_);
      reader_status_ = absl::OkStatus();
      inbox_.insert(inbox_.end(), std::make_move_iterator(routed.begin()),
                    std::make_move_iterator(routed.end()));
      cv_.notify_all();
      return true;
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      reader_status_ = dispatch_text::WithContext(failure, "dispatch reader");
      auto it = owned_.find(shard);
      if (stopping_ || it == owned_.end() || it->second != epoch) {
        return false;
      }
    }
    common::LogWarn("selecting sinks failed; retrying",
                    {{"shard", shard}, {"error", Std(failure.message())}});
    if (!WaitForReader(delay)) {
      return false;
    }
    delay = std::min(delay * 2, std::chrono::milliseconds(2000));
  }
}

bool Dispatcher::ClaimPending(int shard, int64_t epoch) {
  const std::string key = DispatchStreamKey(options_.key_prefix, shard);
  absl::Status group = redis::XGroupCreate(deps_.redis, key, kDispatchGroup, "0");
  if (!group.ok()) {
    std::lock_guard<std::mutex> lock(mu_);
    reader_status_ = dispatch_text::WithContext(group, Cat("creating group on ", key));
    return false;
  }
  std::string cursor = "0-0";
  size_t claimed = 0;
  do {
    absl::StatusOr<redis::AutoClaimResult> page =
        redis::XAutoClaim(deps_.redis, key, kDispatchGroup, options_.router_id,
                          std::chrono::milliseconds(0), cursor, options_.batch_size);
    if (!page.ok()) {
      std::lock_guard<std::mutex> lock(mu_);
      reader_status_ = dispatch_text::WithContext(page.status(), Cat("claiming ", key));
      return false;
    }
    if (!Route(shard, epoch, page->entries, /*redelivery=*/true)) {
      return false;
    }
    if (!page->entries.empty()) {
      last_read_ids_[shard] = page->entries.back().id;
      claimed += page->entries.size();
    }
    if (!page->deleted_ids.empty()) {
      // Trimmed or deleted while pending: nothing left to deliver; acknowledge them.
      absl::StatusOr<int64_t> acked =
          redis::XAck(deps_.redis, key, kDispatchGroup, page->deleted_ids);
      (void)acked;
    }
    cursor = page->next_cursor;
  } while (cursor != "0-0");
  common::LogInfo("shard pending list claimed",
                  {{"shard", shard}, {"epoch", epoch}, {"entries", static_cast<int64_t>(claimed)}});
  return true;
}

void Dispatcher::Trim(const std::map<int, int64_t>& owned) {
  for (const auto& [shard, epoch] : owned) {
    auto last = last_read_ids_.find(shard);
    if (last == last_read_ids_.end()) {
      continue;
    }
    const std::string key = DispatchStreamKey(options_.key_prefix, shard);
    absl::StatusOr<redis::PendingSummary> pending =
        redis::XPendingSummary(deps_.redis, key, kDispatchGroup);
    if (!pending.ok()) {
      continue;
    }
    // Everything below the oldest pending entry (or, with none pending, below the last entry
    // read) has been acknowledged by this shard's consumers.
    std::string min_id = pending->count > 0 ? pending->min_id : last->second;
    absl::StatusOr<int64_t> trimmed = redis::XTrimMinId(deps_.redis, key, min_id);
    if (trimmed.ok() && *trimmed > 0) {
      common::LogDebug("shard stream trimmed", {{"shard", shard}, {"entries", *trimmed}});
    }
  }
}

void Dispatcher::ReaderLoop() {
  std::chrono::milliseconds failure_delay(100);
  while (true) {
    std::map<int, int64_t> owned;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] {
        return stopping_ ||
               (!owned_.empty() && unacked_.load() + inbox_.size() < options_.max_buffered_events);
      });
      if (stopping_) {
        return;
      }
      owned = owned_;
      for (const auto& [shard, epoch] : owned) {
        reader_busy_.insert(shard);
      }
    }
    // Whatever path this iteration takes, the shards are free for a handover when it ends.
    struct BusyGuard {
      Dispatcher* self;
      ~BusyGuard() {
        std::lock_guard<std::mutex> lock(self->mu_);
        self->reader_busy_.clear();
        self->cv_.notify_all();
      }
    } busy_guard{this};
    for (auto it = reader_epochs_.begin(); it != reader_epochs_.end();) {
      it = owned.contains(it->first) ? std::next(it) : reader_epochs_.erase(it);
    }
    bool claim_failed = false;
    for (const auto& [shard, epoch] : owned) {
      auto known = reader_epochs_.find(shard);
      if (known != reader_epochs_.end() && known->second == epoch) {
        continue;
      }
      if (!ClaimPending(shard, epoch)) {
        claim_failed = true;
        break;
      }
      reader_epochs_[shard] = epoch;
    }
    if (claim_failed) {
      if (!WaitForReader(failure_delay)) {
        return;
      }
      failure_delay = std::min(failure_delay * 2, std::chrono::milliseconds(2000));
      continue;
    }
    std::vector<redis::StreamRead> reads;
    std::map<std::string, int> shard_of_key;
    for (const auto& [shard, epoch] : owned) {
      std::string key = DispatchStreamKey(options_.key_prefix, shard);
      shard_of_key[key] = shard;
      reads.push_back(redis::StreamRead{std::move(key), ">"});
    }
    redis::XReadGroupOptions read_options;
    read_options.count = options_.batch_size;
    read_options.block = options_.block;
    absl::StatusOr<std::vector<redis::StreamEntries>> batches =
        redis::XReadGroup(deps_.redis, kDispatchGroup, options_.router_id, reads, read_options);
    if (!batches.ok()) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        reader_status_ = dispatch_text::WithContext(batches.status(), "dispatch reader");
      }
      if (redis::IsServerError(batches.status(), "NOGROUP")) {
        reader_epochs_.clear();  // a stream was deleted: create the groups again
      }
      common::LogWarn("reading intake shards failed", {{"error", Std(batches.status().message())}});
      if (!WaitForReader(failure_delay)) {
        return;
      }
      failure_delay = std::min(failure_delay * 2, std::chrono::milliseconds(2000));
      continue;
    }
    failure_delay = std::chrono::milliseconds(100);
    {
      std::lock_guard<std::mutex> lock(mu_);
      reader_status_ = absl::OkStatus();
    }
    for (const redis::StreamEntries& batch : *batches) {
      auto shard = shard_of_key.find(batch.key);
      if (shard == shard_of_key.end()) {
        continue;
      }
      const int64_t epoch = owned.at(shard->second);
      if (Route(shard->second, epoch, batch.entries) && !batch.entries.empty()) {
        last_read_ids_[shard->second] = batch.entries.back().id;
      }
    }
    const auto now = deps_.clock.SteadyNow();
    if (now >= next_trim_) {
      Trim(owned);
      next_trim_ = now + options_.trim_interval;
    }
  }
}

}  // namespace mxedge::appservice_router
