#include <gtest/gtest.h>

#include "in_memory_puppet_nick_records.hpp"
#include "irc_keys.hpp"
#include "puppet_nick_records_contract.hpp"
#include "redis_puppet_nick_records.hpp"

namespace mxedge::irc_worker {
namespace {

class InMemoryNickRecordsEnv {
 public:
  PuppetNickRecords& records() { return records_; }

 private:
  InMemoryPuppetNickRecords records_;
};

INSTANTIATE_TYPED_TEST_SUITE_P(InMemoryNickRecords, PuppetNickRecordsContractTest,
                               InMemoryNickRecordsEnv);

TEST(CutDisplayNameTest, KeepsShortNamesAndNeverSplitsACharacter) {
  EXPECT_EQ(CutDisplayName("short"), "short");
  const std::string exact(kMaxStoredDisplayNameBytes, 'a');
  EXPECT_EQ(CutDisplayName(exact), exact);
  const std::string cjk = std::string(kMaxStoredDisplayNameBytes - 2, 'a') + "\xe6\x9d\x8e";
  EXPECT_EQ(CutDisplayName(cjk), std::string(kMaxStoredDisplayNameBytes - 2, 'a'));
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
  EXPECT_TRUE(absl::IsUnavailable(records.SetChosenNick("libera", "@a:hs", "n")));
  EXPECT_TRUE(absl::IsInvalidArgument(records.SetDisplayName("", "A")));
}

}  // namespace
}  // namespace mxedge::irc_worker
