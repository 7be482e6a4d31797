#include "mxedge/bridge/quit_debouncer.hpp"

#include <gtest/gtest.h>

namespace mxedge::bridge {
namespace {

using std::chrono::milliseconds;
const QuitDebouncer::TimePoint kStart{};

TEST(QuitDebouncerTest, SingleQuitsPassAtOnce) {
  QuitDebouncer debouncer(3, milliseconds(5000));
  EXPECT_EQ(debouncer.OnQuit("a", "bye", kStart).size(), 1u);
  EXPECT_EQ(debouncer.OnQuit("b", "bye", kStart + milliseconds(2000)).size(), 1u);
  EXPECT_EQ(debouncer.held(), 0u);
}

TEST(QuitDebouncerTest, BurstIsHeldAndRejoinDropsIt) {
  QuitDebouncer debouncer(2, milliseconds(5000));
  EXPECT_EQ(debouncer.OnQuit("a", "*.net *.split", kStart).size(), 1u);
  EXPECT_EQ(debouncer.OnQuit("b", "*.net *.split", kStart).size(), 1u);
  EXPECT_TRUE(debouncer.OnQuit("C", "*.net *.split", kStart + milliseconds(10)).empty());
  EXPECT_TRUE(debouncer.OnQuit("d", "*.net *.split", kStart + milliseconds(20)).empty());
  EXPECT_EQ(debouncer.held(), 2u);
  EXPECT_TRUE(debouncer.OnJoin("c"));  // folded: C came back
  EXPECT_FALSE(debouncer.OnJoin("zed"));
  EXPECT_TRUE(debouncer.Flush(kStart + milliseconds(5019)).empty());
  std::vector<HeldQuit> out = debouncer.Flush(kStart + milliseconds(5020));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], (HeldQuit{"d", "*.net *.split"}));
}

TEST(QuitDebouncerTest, ZeroBurstIsOff) {
  QuitDebouncer debouncer(0, milliseconds(5000));
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(debouncer.OnQuit("n" + std::to_string(i), "", kStart).size(), 1u);
  }
}

}  // namespace
}  // namespace mxedge::bridge
