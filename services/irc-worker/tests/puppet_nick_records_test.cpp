#include "in_memory_puppet_nick_records.hpp"

#include <gtest/gtest.h>

#include "irc_keys.hpp"
#include "redis_puppet_nick_records.hpp"

namespace mxedge::irc_worker {
namespace {

TEST(PuppetNickRecordsTest, StoresDisplayNamesAndChosenNicks) {
  InMemoryPuppetNickRecords records;
  EXPECT_FALSE(records.DisplayName("@a:hs")->has_value());
  ASSERT_TRUE(records.SetDisplayName("@a:hs", "Alice").ok());
  EXPECT_EQ(records.DisplayName("@a:hs")->value_or(""), "Alice");
  ASSERT_TRUE(records.SetDisplayName("@a:hs", "").ok());
  EXPECT_EQ(records.DisplayName("@a:hs")->value_or("-"), "");
  EXPECT_FALSE(records.ChosenNick("libera", "@a:hs")->has_value());
  ASSERT_TRUE(records.SetChosenNick("libera", "@a:hs", "rabbit").ok());
  EXPECT_EQ(records.ChosenNick("libera", "@a:hs")->value_or(""), "rabbit");
  EXPECT_FALSE(records.ChosenNick("oftc", "@a:hs")->has_value());
}

TEST(PuppetNickRecordsTest, RejectsBadArguments) {
  InMemoryPuppetNickRecords records;
  EXPECT_TRUE(absl::IsInvalidArgument(records.DisplayName("").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(records.SetDisplayName("@a b:hs", "A")));
  EXPECT_TRUE(absl::IsInvalidArgument(records.SetDisplayName("@a:hs", std::string("A\0B", 3))));
  EXPECT_TRUE(absl::IsInvalidArgument(records.SetChosenNick("bad net", "@a:hs", "n")));
  EXPECT_TRUE(absl::IsInvalidArgument(records.SetChosenNick("libera", "@a:hs", "")));
  EXPECT_TRUE(absl::IsInvalidArgument(records.ChosenNick("libera", "").status()));
}

TEST(PuppetNickRecordsTest, LongNamesAreCutAtACharacterBoundary) {
  InMemoryPuppetNickRecords records;
  std::string name(kMaxStoredDisplayNameBytes - 1, 'a');
  name += "\xc3\xa9\xc3\xa9";  // "éé" across the limit
  ASSERT_TRUE(records.SetDisplayName("@a:hs", name).ok());
  EXPECT_EQ(records.DisplayName("@a:hs")->value_or(""),
            std::string(kMaxStoredDisplayNameBytes - 1, 'a'));
  EXPECT_EQ(CutDisplayName("short"), "short");
}

TEST(RedisPuppetNickRecordsTest, KeysFollowThePrefix) {
  class NoRedis final : public redis::RedisClient {
   public:
    absl::StatusOr<redis::Reply> Execute(std::span<const std::string>,
                                         redis::CallOptions) override {
      return absl::UnavailableError("no redis");
    }
    absl::StatusOr<std::vector<redis::Reply>> Pipeline(const std::vector<std::vector<std::string>>&,
                                                       redis::CallOptions) override {
      return absl::UnavailableError("no redis");
    }
  } client;
  RedisPuppetNickRecords records(client, IrcKeys("t:"));
  EXPECT_EQ(records.DisplayKey("@a:hs"), "t:irc:display:@a:hs");
  EXPECT_EQ(records.ChosenNickKey("libera", "@a:hs"), "t:irc:chosen-nick:libera:@a:hs");
  EXPECT_TRUE(absl::IsUnavailable(records.DisplayName("@a:hs").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(records.SetDisplayName("", "A")));
}

}  // namespace
}  // namespace mxedge::irc_worker
