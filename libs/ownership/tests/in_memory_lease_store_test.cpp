#include "mxedge/ownership/in_memory_lease_store.hpp"

#include <gtest/gtest.h>

#include "lease_store_contract.hpp"
#include "mxedge/testing/fake_clock.hpp"
#include "unique_prefix.hpp"

namespace mxedge::ownership {
namespace {

using std::chrono::milliseconds;

class InMemoryLeaseEnv {
 public:
  static constexpr milliseconds kShortTtl{5'000};
  static constexpr milliseconds kLongTtl{60'000};

  LeaseStore& store() { return store_; }
  std::string Key(std::string_view name) { return prefix_ + std::string(name); }
  void LetExpire(const std::string& /*key*/, milliseconds ttl) { clock_.Advance(ttl); }
  std::optional<milliseconds> RemainingTtl(const std::string& key) {
    return store_.RemainingTtl(key);
  }
  void SetRaw(const std::string& key, const std::string& value) {
    store_.SetRawForTesting(key, value);
  }

 private:
  mxedge::testing::FakeClock clock_;
  InMemoryLeaseStore store_{clock_};
  std::string prefix_ = UniqueTestPrefix();
};

INSTANTIATE_TYPED_TEST_SUITE_P(InMemoryLeaseContract, LeaseStoreContractTest, InMemoryLeaseEnv);

TEST(InMemoryLeaseStoreTest, ExpiresExactlyWhenItsTtlRunsOut) {
  mxedge::testing::FakeClock clock;
  InMemoryLeaseStore store(clock);
  const LeaseKeys keys{"shard", "shard-epoch"};
  absl::StatusOr<AcquireResult> acquired = store.TryAcquire(keys, "router-a", milliseconds(1000));
  ASSERT_TRUE(acquired.ok() && acquired->acquired);
  clock.Advance(milliseconds(999));
  EXPECT_EQ(store.RemainingTtl("shard"), milliseconds(1));
  ASSERT_TRUE(store.Renew("shard", *acquired->holder, milliseconds(1000)).ok());
  clock.Advance(milliseconds(999));
  EXPECT_TRUE(store.GetHolder("shard").value().has_value());
  clock.Advance(milliseconds(1));
  EXPECT_FALSE(store.GetHolder("shard").value().has_value());
  EXPECT_EQ(store.Renew("shard", *acquired->holder, milliseconds(1000)).code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace mxedge::ownership
