#include "mxedge/rpc/bounded_executor.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <stdexcept>

namespace mxedge::rpc {
namespace {

TEST(BoundedExecutorTest, RunsSubmittedTasks) {
  BoundedExecutor executor({.threads = 2, .max_queued = 16});
  std::atomic<int> ran{0};
  std::promise<void> all;
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(executor.TrySubmit([&] {
      if (++ran == 10) {
        all.set_value();
      }
    }));
  }
  all.get_future().wait();
  EXPECT_EQ(ran.load(), 10);
}

TEST(BoundedExecutorTest, RefusesWhenTheQueueIsFull) {
  BoundedExecutor executor({.threads = 1, .max_queued = 2});
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::promise<void> started;
  ASSERT_TRUE(executor.TrySubmit([&started, gate] {
    started.set_value();
    gate.wait();
  }));
  started.get_future().wait();  // the only thread is busy; the queue is empty
  EXPECT_TRUE(executor.TrySubmit([] {}));
  EXPECT_TRUE(executor.TrySubmit([] {}));
  EXPECT_FALSE(executor.TrySubmit([] {}));
  EXPECT_EQ(executor.queued(), 2u);
  release.set_value();
  executor.Stop();
  EXPECT_EQ(executor.queued(), 0u);
}

TEST(BoundedExecutorTest, StopRunsQueuedTasksThenRefuses) {
  BoundedExecutor executor({.threads = 1, .max_queued = 8});
  std::atomic<int> ran{0};
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(executor.TrySubmit([&] { ++ran; }));
  }
  executor.Stop();
  EXPECT_EQ(ran.load(), 5);
  EXPECT_FALSE(executor.TrySubmit([] {}));
  executor.Stop();
}

TEST(BoundedExecutorTest, SurvivesAThrowingTask) {
  BoundedExecutor executor({.threads = 1, .max_queued = 8});
  ASSERT_TRUE(executor.TrySubmit([] { throw std::runtime_error("boom"); }));
  std::promise<void> after;
  ASSERT_TRUE(executor.TrySubmit([&] { after.set_value(); }));
  after.get_future().wait();
}

}  // namespace
}  // namespace mxedge::rpc
