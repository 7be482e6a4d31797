#include "keyed_mutex.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace mxedge::micropub {
namespace {

TEST(KeyedMutexTest, EntriesAreDroppedWhenReleased) {
  KeyedMutex mutex;
  {
    KeyedMutex::Guard a = mutex.Lock("@a:hs");
    KeyedMutex::Guard b = mutex.Lock("@b:hs");  // another key does not wait
    EXPECT_EQ(mutex.ActiveKeys(), 2u);
  }
  EXPECT_EQ(mutex.ActiveKeys(), 0u);
}

TEST(KeyedMutexTest, OneKeyIsHeldByOneThreadAtATime) {
  KeyedMutex mutex;
  int inside = 0;  // guarded by the key's mutex
  std::atomic<int> overlaps{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        KeyedMutex::Guard guard = mutex.Lock("@a:hs");
        if (++inside != 1) {
          overlaps.fetch_add(1);
        }
        --inside;
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(overlaps.load(), 0);
  EXPECT_EQ(mutex.ActiveKeys(), 0u);
}

}  // namespace
}  // namespace mxedge::micropub
