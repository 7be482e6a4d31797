#include "in_memory_micropub_store.hpp"

#include <gtest/gtest.h>

#include "micropub_store_contract.hpp"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::micropub {
namespace {

using std::chrono::milliseconds;

class InMemoryMicropubEnv {
 public:
  static constexpr milliseconds kShortTtl{10'000};
  static constexpr milliseconds kLongTtl{600'000};

  MicropubStore& store() { return store_; }
  void LetExpire(milliseconds ttl) { clock_.Advance(ttl); }

 private:
  mxedge::testing::FakeClock clock_;
  InMemoryMicropubStore store_{clock_};
};

INSTANTIATE_TYPED_TEST_SUITE_P(InMemoryMicropubContract, MicropubStoreContractTest,
                               InMemoryMicropubEnv);

TEST(InMemoryMicropubStoreTest, AuthLivesUntilJustBeforeItsTtl) {
  mxedge::testing::FakeClock clock;
  InMemoryMicropubStore store(clock);
  ASSERT_TRUE(store.PutAuth(SampleLink("s"), milliseconds(600'000)).ok());
  clock.Advance(milliseconds(599'999));
  absl::StatusOr<std::optional<PendingLink>> taken = store.TakeAuth("s");
  ASSERT_TRUE(taken.ok());
  EXPECT_TRUE(taken->has_value());
}

}  // namespace
}  // namespace mxedge::micropub
