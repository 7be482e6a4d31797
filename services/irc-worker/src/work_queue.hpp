#pragma once
// WorkQueue: a FIFO of closures handed to one thread (the reconcile loop, the IRC → Matrix line
// thread). Thread-safe.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <utility>

namespace mxedge::irc_worker {

// A FIFO of work for one thread.
class WorkQueue {
 public:
  void Post(std::function<void()> fn) {
    {
      std::lock_guard lock(mu_);
      items_.push_back(std::move(fn));
    }
    cv_.notify_one();
  }
  // Waits until work arrives, `until` passes or Close(); returns what is
  // queued.
  std::deque<std::function<void()>> Take(std::chrono::steady_clock::time_point until) {
    std::unique_lock lock(mu_);
    cv_.wait_until(lock, until, [&] { return closed_ || !items_.empty(); });
    return std::exchange(items_, {});
  }
  void Close() {
    {
      std::lock_guard lock(mu_);
      closed_ = true;
    }
    cv_.notify_all();
  }
  bool closed() {
    std::lock_guard lock(mu_);
    return closed_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> items_;
  bool closed_ = false;
};

}  // namespace mxedge::irc_worker
