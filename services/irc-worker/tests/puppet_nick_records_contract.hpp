#pragma once
// The contract of PuppetNickRecords, on memory and on Redis. An Env provides
// PuppetNickRecords& records().
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "puppet_nick_records.hpp"

namespace mxedge::irc_worker {

template <typename Env>
class PuppetNickRecordsContractTest : public ::testing::Test {
 protected:
  PuppetNickRecords& records() { return env_.records(); }
  Env env_;
};

TYPED_TEST_SUITE_P(PuppetNickRecordsContractTest);

TYPED_TEST_P(PuppetNickRecordsContractTest, StoresDisplayNamesAndChosenNicks) {
  PuppetNickRecords& records = this->records();
  EXPECT_EQ(records.DisplayName("@a:hs").value(), std::nullopt);
  ASSERT_TRUE(records.SetDisplayName("@a:hs", "Alice Liddell").ok());
  EXPECT_EQ(records.DisplayName("@a:hs").value(), std::optional<std::string>("Alice Liddell"));
  ASSERT_TRUE(records.SetDisplayName("@a:hs", "").ok());  // a user without a display name
  EXPECT_EQ(records.DisplayName("@a:hs").value(), std::optional<std::string>(""));
  EXPECT_EQ(records.DisplayName("@b:hs").value(), std::nullopt);

  EXPECT_EQ(records.ChosenNick("libera", "@a:hs").value(), std::nullopt);
  ASSERT_TRUE(records.SetChosenNick("libera", "@a:hs", "rabbit").ok());
  EXPECT_EQ(records.ChosenNick("libera", "@a:hs").value(), std::optional<std::string>("rabbit"));
  EXPECT_EQ(records.ChosenNick("oftc", "@a:hs").value(), std::nullopt);
  ASSERT_TRUE(records.SetChosenNick("libera", "@a:hs", "hare").ok());
  EXPECT_EQ(records.ChosenNick("libera", "@a:hs").value(), std::optional<std::string>("hare"));
  ASSERT_TRUE(records.ClearChosenNick("libera", "@a:hs").ok());
  EXPECT_EQ(records.ChosenNick("libera", "@a:hs").value(), std::nullopt);
  EXPECT_TRUE(records.ClearChosenNick("libera", "@a:hs").ok());  // nothing to forget
}

TYPED_TEST_P(PuppetNickRecordsContractTest, LongNamesAreCutAtACharacterBoundary) {
  std::string name(kMaxStoredDisplayNameBytes - 1, 'a');
  name += "\xc3\xa9\xc3\xa9";  // "éé" across the limit
  ASSERT_TRUE(this->records().SetDisplayName("@a:hs", name).ok());
  EXPECT_EQ(this->records().DisplayName("@a:hs").value(),
            std::optional<std::string>(std::string(kMaxStoredDisplayNameBytes - 1, 'a')));
}

TYPED_TEST_P(PuppetNickRecordsContractTest, RejectsBadArguments) {
  PuppetNickRecords& records = this->records();
  EXPECT_TRUE(absl::IsInvalidArgument(records.DisplayName("").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(records.SetDisplayName("@a b:hs", "A")));
  EXPECT_TRUE(absl::IsInvalidArgument(records.SetDisplayName("@a:hs", std::string("A\0B", 3))));
  EXPECT_TRUE(absl::IsInvalidArgument(records.SetChosenNick("bad net", "@a:hs", "n")));
  EXPECT_TRUE(absl::IsInvalidArgument(records.SetChosenNick("libera", "@a:hs", "")));
  EXPECT_TRUE(absl::IsInvalidArgument(records.ChosenNick("libera", "").status()));
}

REGISTER_TYPED_TEST_SUITE_P(PuppetNickRecordsContractTest, StoresDisplayNamesAndChosenNicks,
                            LongNamesAreCutAtACharacterBoundary, RejectsBadArguments);

}  // namespace mxedge::irc_worker
