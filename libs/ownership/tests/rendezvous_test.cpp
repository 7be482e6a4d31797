#include "mxedge/ownership/rendezvous.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace mxedge::ownership {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Members(int count, const std::string& prefix = "irc-worker-") {
  std::vector<std::string> members;
  for (int i = 0; i < count; ++i) {
    members.push_back(absl::StrCat(prefix, i));
  }
  return members;
}

std::string KeyNumber(int i) { return absl::StrCat("libera:@user", i, ":example.org"); }

// Golden values: these pin the hash, its key and the input encoding. If one changes, every
// deployment would reassign its connections and shards on upgrade: do not update them.
TEST(RendezvousTest, WeightsMatchGoldenValues) {
  EXPECT_EQ(RendezvousWeight("", ""), 0x90195d7db80f04c8ULL);
  EXPECT_EQ(RendezvousWeight("libera:@alice:example.org", "irc-worker-0"), 0xe6845e4d7909c33dULL);
  EXPECT_EQ(RendezvousWeight("7", "router-a"), 0x93385228d5a60869ULL);
}

TEST(RendezvousTest, RankingsMatchGoldenValues) {
  const std::vector<std::string> members = Members(4);
  EXPECT_THAT(RankByRendezvous("libera:@alice:example.org", members),
              ElementsAre("irc-worker-0", "irc-worker-1", "irc-worker-3", "irc-worker-2"));
  EXPECT_THAT(RankByRendezvous("oftc:@bob:example.com", members),
              ElementsAre("irc-worker-0", "irc-worker-2", "irc-worker-1", "irc-worker-3"));
  EXPECT_THAT(RankByRendezvous("libera:@carol:matrix.org", members),
              ElementsAre("irc-worker-3", "irc-worker-1", "irc-worker-0", "irc-worker-2"));
}

TEST(RendezvousTest, LengthPrefixSeparatesKeyFromMember) {
  EXPECT_NE(RendezvousWeight("ab", "c"), RendezvousWeight("a", "bc"));
  EXPECT_NE(RendezvousWeight("", "abc"), RendezvousWeight("abc", ""));
}

TEST(RendezvousTest, RankingIgnoresInputOrderAndDuplicates) {
  std::vector<std::string> members = Members(6);
  const std::vector<std::string> ranked = RankByRendezvous("k", members);
  ASSERT_EQ(ranked.size(), 6u);
  std::reverse(members.begin(), members.end());
  members.push_back("irc-worker-2");
  members.push_back("irc-worker-5");
  EXPECT_EQ(RankByRendezvous("k", members), ranked);
  EXPECT_EQ(RendezvousOwner("k", members), ranked.front());
}

TEST(RendezvousTest, EmptyMembershipHasNoOwner) {
  EXPECT_TRUE(RankByRendezvous("k", {}).empty());
  EXPECT_FALSE(RendezvousOwner("k", {}).has_value());
}

TEST(RendezvousTest, OwnerIsTheFirstRanked) {
  const std::vector<std::string> members = Members(5);
  for (int i = 0; i < 200; ++i) {
    EXPECT_EQ(RendezvousOwner(KeyNumber(i), members), RankByRendezvous(KeyNumber(i), members)[0]);
  }
}

TEST(RendezvousTest, SpreadsKeysEvenly) {
  constexpr int kKeys = 20000;
  constexpr int kMembers = 5;
  const std::vector<std::string> members = Members(kMembers);
  std::map<std::string, int> owned;
  for (int i = 0; i < kKeys; ++i) {
    ++owned[*RendezvousOwner(KeyNumber(i), members)];
  }
  ASSERT_EQ(owned.size(), static_cast<size_t>(kMembers));
  const int expected = kKeys / kMembers;
  for (const auto& [member, count] : owned) {
    // ±10%: about seven standard deviations of a fair split.
    EXPECT_NEAR(count, expected, expected / 10) << member;
  }
}

TEST(RendezvousTest, AddingAMemberMovesOnlyKeysToIt) {
  constexpr int kKeys = 12000;
  const std::vector<std::string> before = Members(5);
  const std::vector<std::string> after = Members(6);
  int moved = 0;
  for (int i = 0; i < kKeys; ++i) {
    const std::string old_owner = *RendezvousOwner(KeyNumber(i), before);
    const std::string new_owner = *RendezvousOwner(KeyNumber(i), after);
    if (old_owner != new_owner) {
      EXPECT_EQ(new_owner, "irc-worker-5") << KeyNumber(i);
      ++moved;
    }
  }
  // The newcomer takes its fair share, 1/6 of the keys, and no more.
  EXPECT_NEAR(moved, kKeys / 6, kKeys / 60);
}

TEST(RendezvousTest, RemovingAMemberMovesOnlyItsKeysToTheirRunnerUp) {
  constexpr int kKeys = 12000;
  const std::vector<std::string> before = Members(6);
  std::vector<std::string> after = before;
  after.erase(after.begin() + 2);  // irc-worker-2 leaves
  int moved = 0;
  for (int i = 0; i < kKeys; ++i) {
    const std::vector<std::string> ranked = RankByRendezvous(KeyNumber(i), before);
    const std::string new_owner = *RendezvousOwner(KeyNumber(i), after);
    if (ranked[0] == "irc-worker-2") {
      EXPECT_EQ(new_owner, ranked[1]) << KeyNumber(i);
      ++moved;
    } else {
      EXPECT_EQ(new_owner, ranked[0]) << KeyNumber(i);
    }
  }
  EXPECT_NEAR(moved, kKeys / 6, kKeys / 60);
}

TEST(RendezvousTest, RemovingAMemberKeepsTheOrderOfTheOthers) {
  const std::vector<std::string> before = Members(7);
  std::vector<std::string> after = before;
  after.erase(after.begin() + 4);
  for (int i = 0; i < 500; ++i) {
    std::vector<std::string> expected = RankByRendezvous(KeyNumber(i), before);
    expected.erase(std::find(expected.begin(), expected.end(), "irc-worker-4"));
    EXPECT_EQ(RankByRendezvous(KeyNumber(i), after), expected);
  }
}

}  // namespace
}  // namespace mxedge::ownership
