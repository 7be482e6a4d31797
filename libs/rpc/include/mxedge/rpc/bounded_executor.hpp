#pragma once
// A fixed pool of threads with a bounded queue, for blocking work (HTTP to the homeserver, Redis)
// that must not run on gRPC's callback threads or on the HTTP server's reactor threads. A full
// queue refuses new work instead of growing, so the caller can answer RESOURCE_EXHAUSTED / 503
// right away rather than let latency pile up.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace mxedge::rpc {

struct BoundedExecutorOptions {
  size_t threads = 4;
  // Tasks waiting for a thread (running tasks not counted).
  size_t max_queued = 256;
};

class BoundedExecutor {
 public:
  explicit BoundedExecutor(BoundedExecutorOptions options);
  // Stop().
  ~BoundedExecutor();
  BoundedExecutor(const BoundedExecutor&) = delete;
  BoundedExecutor& operator=(const BoundedExecutor&) = delete;

  // Queues `task`; false when the queue is full or the executor is stopping. A task that throws
  // is logged (ERROR) and the thread keeps serving.
  bool TrySubmit(std::function<void()> task);

  // Refuses new tasks, runs every task already queued, joins the threads. Idempotent. Never call
  // it from one of its own tasks.
  void Stop();

  size_t queued() const;

 private:
  void Loop();

  const BoundedExecutorOptions options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace mxedge::rpc
