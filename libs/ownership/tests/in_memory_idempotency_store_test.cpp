#include "mxedge/ownership/in_memory_idempotency_store.hpp"

#include <gtest/gtest.h>

#include "idempotency_store_contract.hpp"
#include "mxedge/testing/fake_clock.hpp"
#include "unique_prefix.hpp"

namespace mxedge::ownership {
namespace {

using std::chrono::milliseconds;

class InMemoryIdempotencyEnv {
 public:
  static constexpr milliseconds kShortTtl{5'000};
  static constexpr milliseconds kLongTtl{600'000};

  IdempotencyStore& store() { return store_; }
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
  InMemoryIdempotencyStore store_{clock_};
  std::string prefix_ = UniqueTestPrefix();
};

INSTANTIATE_TYPED_TEST_SUITE_P(InMemoryIdempotencyContract, IdempotencyStoreContractTest,
                               InMemoryIdempotencyEnv);

TEST(InMemoryIdempotencyStoreTest, PendingRecordLivesExactlyItsTtl) {
  mxedge::testing::FakeClock clock;
  InMemoryIdempotencyStore store(clock);
  ASSERT_EQ(store.TryBegin("irc:line:x", "worker-a", milliseconds(600'000)).value().outcome,
            BeginResult::Outcome::kStarted);
  clock.Advance(milliseconds(599'999));
  EXPECT_EQ(store.TryBegin("irc:line:x", "worker-b", milliseconds(600'000)).value().outcome,
            BeginResult::Outcome::kPending);
  clock.Advance(milliseconds(1));
  EXPECT_EQ(store.TryBegin("irc:line:x", "worker-b", milliseconds(600'000)).value().outcome,
            BeginResult::Outcome::kStarted);
}

}  // namespace
}  // namespace mxedge::ownership
