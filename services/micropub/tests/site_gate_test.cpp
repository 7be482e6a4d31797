#include "site_gate.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace mxedge::micropub {
namespace {

using std::chrono::milliseconds;

TEST(SiteGateTest, AtMostTheLimitPerSite) {
  SiteGate gate(2);
  std::optional<SiteGate::Slot> a = gate.Acquire("mp.example", milliseconds(0));
  std::optional<SiteGate::Slot> b = gate.Acquire("mp.example", milliseconds(0));
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(b.has_value());
  EXPECT_FALSE(gate.Acquire("mp.example", milliseconds(0)).has_value());
  EXPECT_TRUE(gate.Acquire("other.example", milliseconds(0)).has_value());
  EXPECT_EQ(gate.InUse("mp.example"), 2);
  a.reset();
  EXPECT_EQ(gate.InUse("mp.example"), 1);
  EXPECT_TRUE(gate.Acquire("mp.example", milliseconds(0)).has_value());
  EXPECT_EQ(gate.InUse("other.example"), 0);
}

TEST(SiteGateTest, AMovedSlotIsReleasedOnce) {
  SiteGate gate(1);
  std::optional<SiteGate::Slot> a = gate.Acquire("s", milliseconds(0));
  ASSERT_TRUE(a.has_value());
  SiteGate::Slot moved = std::move(*a);
  a.reset();
  EXPECT_EQ(gate.InUse("s"), 1);
  std::optional<SiteGate::Slot> other = gate.Acquire("t", milliseconds(0));
  moved = std::move(*other);  // releases "s", takes over "t"
  EXPECT_EQ(gate.InUse("s"), 0);
  EXPECT_EQ(gate.InUse("t"), 1);
}

TEST(SiteGateTest, AWaiterGetsTheSlotWhenItIsReleased) {
  SiteGate gate(1);
  std::optional<SiteGate::Slot> held = gate.Acquire("s", milliseconds(0));
  ASSERT_TRUE(held.has_value());
  bool got = false;
  std::thread waiter([&] { got = gate.Acquire("s", milliseconds(60'000)).has_value(); });
  held.reset();
  waiter.join();
  EXPECT_TRUE(got);
}

TEST(SiteKeyTest, IsTheLowerCaseAuthority) {
  EXPECT_EQ(SiteKey("https://MP.Example/micropub?x=1"), "mp.example");
  EXPECT_EQ(SiteKey("http://127.0.0.1:8080/mp"), "127.0.0.1:8080");
  EXPECT_EQ(SiteKey("https://user@host.example#f"), "host.example");
  EXPECT_EQ(SiteKey("not a url"), "");
}

}  // namespace
}  // namespace mxedge::micropub
