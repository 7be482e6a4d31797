#include "flood_queue.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "mxedge/common/check.hpp"

namespace mxedge::irc_worker {

FloodQueue::FloodQueue(const FloodSettings& settings, TimePoint now)
    : settings_(settings), tokens_(settings.burst), last_refill_(now) {
  MXEDGE_CHECK(settings_.lines_per_second > 0);
  MXEDGE_CHECK(settings_.burst >= 1);
}

absl::Status FloodQueue::Push(std::string line, LineDone done) {
  if (queue_.size() >= settings_.max_queued) {
    ++dropped_;
    return absl::ResourceExhaustedError(
        absl::StrCat("flood queue full (", settings_.max_queued, " lines waiting)"));
  }
  queue_.push_back(QueuedLine{std::move(line), std::move(done)});
  return absl::OkStatus();
}

void FloodQueue::Refill(TimePoint now) {
  if (now <= last_refill_) return;
  const double elapsed = std::chrono::duration<double>(now - last_refill_).count();
  tokens_ = std::min<double>(settings_.burst, tokens_ + elapsed * settings_.lines_per_second);
  last_refill_ = now;
}

std::vector<QueuedLine> FloodQueue::TakeReady(TimePoint now) {
  Refill(now);
  std::vector<QueuedLine> ready;
  // A small epsilon absorbs rounding of the refill, so a line due exactly now leaves now.
  while (!queue_.empty() && tokens_ >= 1.0 - 1e-9) {
    tokens_ -= 1.0;
    ready.push_back(std::move(queue_.front()));
    queue_.pop_front();
    ++sent_;
  }
  return ready;
}

std::optional<FloodQueue::TimePoint> FloodQueue::NextReadyAt(TimePoint now) const {
  if (queue_.empty()) return std::nullopt;
  double tokens = tokens_;
  if (now > last_refill_) {
    tokens = std::min<double>(settings_.burst,
                              tokens + std::chrono::duration<double>(now - last_refill_).count() *
                                           settings_.lines_per_second);
  }
  if (tokens >= 1.0 - 1e-9) return now;
  const double wait_s = (1.0 - tokens) / settings_.lines_per_second;
  return now +
         std::chrono::duration_cast<std::chrono::steady_clock::duration>(
             std::chrono::duration<double>(wait_s)) +
         std::chrono::microseconds(1);
}

void FloodQueue::FailAll(const absl::Status& status) {
  std::list<QueuedLine> lines = std::move(queue_);
  queue_.clear();
  for (QueuedLine& queued : lines) {
    if (queued.done) queued.done(status);
  }
}

void FloodQueue::Reset(TimePoint now) {
  tokens_ = settings_.burst;
  last_refill_ = now;
}

}  // namespace mxedge::irc_worker
