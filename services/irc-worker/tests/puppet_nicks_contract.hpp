#pragma once
// The contract of PuppetNicks, on memory and on Redis. An Env provides PuppetNicks& nicks().
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "puppet_nicks.hpp"

namespace mxedge::irc_worker {

template <typename Env>
class PuppetNicksContractTest : public ::testing::Test {
 protected:
  PuppetNicks& nicks() { return env_.nicks(); }
  Env env_;
};

TYPED_TEST_SUITE_P(PuppetNicksContractTest);

TYPED_TEST_P(PuppetNicksContractTest, RecordsOurPuppetsNicks) {
  EXPECT_EQ(this->nicks().Lookup("libera", "alice").value(), std::nullopt);
  ASSERT_TRUE(this->nicks().Set("libera", "alice", "@alice:hs").ok());
  EXPECT_EQ(this->nicks().Lookup("libera", "alice").value(),
            std::optional<std::string>("@alice:hs"));
  EXPECT_EQ(this->nicks().Lookup("oftc", "alice").value(), std::nullopt);
}

TYPED_TEST_P(PuppetNicksContractTest, OnlyTheHolderReleasesANick) {
  ASSERT_TRUE(this->nicks().Set("libera", "alice", "@alice:hs").ok());
  // Another puppet took the nick since; the first one's late release leaves it alone.
  ASSERT_TRUE(this->nicks().Set("libera", "alice", "@alice2:hs").ok());
  EXPECT_FALSE(this->nicks().Release("libera", "alice", "@alice:hs").value());
  EXPECT_EQ(this->nicks().Lookup("libera", "alice").value(),
            std::optional<std::string>("@alice2:hs"));
  EXPECT_TRUE(this->nicks().Release("libera", "alice", "@alice2:hs").value());
  EXPECT_EQ(this->nicks().Lookup("libera", "alice").value(), std::nullopt);
}

TYPED_TEST_P(PuppetNicksContractTest, RejectsInvalidArguments) {
  EXPECT_EQ(this->nicks().Set("libera", "", "@a:hs").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->nicks().Set("libera", "a b", "@a:hs").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->nicks().Set("libera", "a", "").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->nicks().Lookup("bad net", "a").status().code(),
            absl::StatusCode::kInvalidArgument);
}

REGISTER_TYPED_TEST_SUITE_P(PuppetNicksContractTest, RecordsOurPuppetsNicks,
                            OnlyTheHolderReleasesANick, RejectsInvalidArguments);

}  // namespace mxedge::irc_worker
