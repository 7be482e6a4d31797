#include "caching_puppet_nicks.hpp"

#include <gtest/gtest.h>

#include "in_memory_puppet_nicks.hpp"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::irc_worker {
namespace {

using std::chrono::milliseconds;

// Counts the lookups that reach the store (each is a Redis round trip in production) and can
// be told to fail.
class CountingNicks final : public PuppetNicks {
 public:
  absl::Status Set(std::string_view network, std::string_view folded_nick,
                   std::string_view mxid) override {
    return inner.Set(network, folded_nick, mxid);
  }
  absl::StatusOr<bool> Release(std::string_view network, std::string_view folded_nick,
                               std::string_view mxid) override {
    return inner.Release(network, folded_nick, mxid);
  }
  absl::StatusOr<std::optional<std::string>> Lookup(std::string_view network,
                                                    std::string_view folded_nick) override {
    ++lookups;
    if (!fail.ok()) {
      return fail;
    }
    return inner.Lookup(network, folded_nick);
  }
  InMemoryPuppetNicks inner;
  int lookups = 0;
  absl::Status fail;
};

class CachingPuppetNicksTest : public ::testing::Test {
 protected:
  mxedge::testing::FakeClock clock_;
  CountingNicks store_;
  CachingPuppetNicks nicks_{store_, clock_, milliseconds(250), 3};
};

TEST_F(CachingPuppetNicksTest, RepeatedLookupsWithinTheTtlReachTheStoreOnce) {
  ASSERT_TRUE(store_.inner.Set("net", "alice[m]", "@alice:x").ok());
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(nicks_.Lookup("net", "alice[m]").value(), std::optional<std::string>("@alice:x"));
    EXPECT_EQ(nicks_.Lookup("net", "bob").value(), std::nullopt);
  }
  EXPECT_EQ(store_.lookups, 2);
  clock_.Advance(milliseconds(250));
  EXPECT_EQ(nicks_.Lookup("net", "bob").value(), std::nullopt);
  EXPECT_EQ(store_.lookups, 3);
}

TEST_F(CachingPuppetNicksTest, ACopyLagsBehindOtherWritersForAtMostTheTtl) {
  EXPECT_EQ(nicks_.Lookup("net", "carol").value(), std::nullopt);
  // Another worker's puppet takes the nick: this copy does not know yet...
  ASSERT_TRUE(store_.inner.Set("net", "carol", "@carol:x").ok());
  EXPECT_EQ(nicks_.Lookup("net", "carol").value(), std::nullopt);
  // ...until the copy lapses.
  clock_.Advance(milliseconds(251));
  EXPECT_EQ(nicks_.Lookup("net", "carol").value(), std::optional<std::string>("@carol:x"));
}

TEST_F(CachingPuppetNicksTest, SetAndReleaseThroughItAreSeenAtOnce) {
  EXPECT_EQ(nicks_.Lookup("net", "dave").value(), std::nullopt);
  ASSERT_TRUE(nicks_.Set("net", "dave", "@dave:x").ok());
  EXPECT_EQ(nicks_.Lookup("net", "dave").value(), std::optional<std::string>("@dave:x"));
  ASSERT_TRUE(nicks_.Release("net", "dave", "@dave:x").value());
  EXPECT_EQ(nicks_.Lookup("net", "dave").value(), std::nullopt);
}

TEST_F(CachingPuppetNicksTest, NetworksAreKeptApart) {
  ASSERT_TRUE(nicks_.Set("one", "erin", "@erin:x").ok());
  EXPECT_EQ(nicks_.Lookup("one", "erin").value(), std::optional<std::string>("@erin:x"));
  EXPECT_EQ(nicks_.Lookup("two", "erin").value(), std::nullopt);
}

TEST_F(CachingPuppetNicksTest, ErrorsAreNotKeptAndTheBoundHolds) {
  store_.fail = absl::UnavailableError("redis down");
  EXPECT_EQ(nicks_.Lookup("net", "frank").status().code(), absl::StatusCode::kUnavailable);
  store_.fail = absl::OkStatus();
  EXPECT_EQ(nicks_.Lookup("net", "frank").value(), std::nullopt);
  EXPECT_EQ(store_.lookups, 2);
  // Three entries fit; a fourth drops the copies, so the first is asked again.
  EXPECT_TRUE(nicks_.Lookup("net", "g").ok());
  EXPECT_TRUE(nicks_.Lookup("net", "h").ok());
  EXPECT_TRUE(nicks_.Lookup("net", "i").ok());
  EXPECT_EQ(store_.lookups, 5);
  EXPECT_TRUE(nicks_.Lookup("net", "frank").ok());
  EXPECT_EQ(store_.lookups, 6);
}

}  // namespace
}  // namespace mxedge::irc_worker
