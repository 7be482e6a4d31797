#include "mxedge/common/request_id.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace mxedge::common {
namespace {

TEST(RequestIdTest, IsSixteenLowercaseHexChars) {
  for (int i = 0; i < 100; ++i) {
    const std::string id = NewRequestId();
    ASSERT_EQ(id.size(), 16u);
    for (const char c : id) {
      EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << id;
    }
    EXPECT_TRUE(IsAcceptableRequestId(id));
  }
}

TEST(RequestIdTest, IdsDoNotRepeatAcrossThreads) {
  std::mutex mu;
  std::set<std::string> ids;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      std::vector<std::string> local;
      for (int i = 0; i < 5000; ++i) {
        local.push_back(NewRequestId());
      }
      std::lock_guard lock(mu);
      ids.insert(local.begin(), local.end());
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  EXPECT_EQ(ids.size(), 20000u);
}

TEST(RequestIdTest, AcceptsOnlySafeForeignIds) {
  EXPECT_TRUE(IsAcceptableRequestId("abc-DEF_1.2"));
  EXPECT_TRUE(IsAcceptableRequestId(std::string(64, 'a')));
  EXPECT_FALSE(IsAcceptableRequestId(std::string(65, 'a')));
  EXPECT_FALSE(IsAcceptableRequestId(""));
  EXPECT_FALSE(IsAcceptableRequestId("a b"));
  EXPECT_FALSE(IsAcceptableRequestId("a\"b"));
  EXPECT_FALSE(IsAcceptableRequestId("a\nb"));
  EXPECT_FALSE(IsAcceptableRequestId("\xc3\xa9"));
}

}  // namespace
}  // namespace mxedge::common
