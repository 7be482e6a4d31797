#include "intake_store.hpp"

#include <gtest/gtest.h>

#include "intake_crc32.hpp"
#include "intake_in_memory_store.hpp"

namespace mxedge::appservice_router {
namespace {

TEST(Crc32Test, MatchesZlibCheckValues) {
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926U);
  EXPECT_EQ(Crc32(""), 0U);
  EXPECT_EQ(Crc32("The quick brown fox jumps over the lazy dog"), 0x414FA339U);
  EXPECT_EQ(Crc32("56789", Crc32("1234")), 0xCBF43926U);
}

TEST(ShardForTest, IsCrc32ModuloShards) {
  EXPECT_EQ(ShardFor("123456789", 16), static_cast<int>(0xCBF43926U % 16));
  EXPECT_EQ(ShardFor("!room:example.org", 1), 0);
  EXPECT_EQ(ShardFor("!room:example.org", 16), ShardFor("!room:example.org", 16));
}

TEST(IntakeKeysTest, UseThePrefix) {
  EXPECT_EQ(ShardStreamKey("mxedge:", 3), "mxedge:as:events:3");
  EXPECT_EQ(TxnMarkerKey("t1:", "42"), "t1:as:txn:42");
}

IntakeBatch Batch(std::string txn, std::string fingerprint, std::vector<std::string> rooms) {
  IntakeBatch batch{std::move(txn), std::move(fingerprint), 1000, {}};
  for (std::string& room : rooms) {
    batch.entries.push_back(IntakeEntry{room, "{\"room_id\":\"" + room + "\"}", false, ""});
  }
  return batch;
}

TEST(InMemoryIntakeStoreTest, RetryIsDuplicateAndReusedIdIsReplaced) {
  InMemoryIntakeStore store(4);
  EXPECT_EQ(*store.Store(Batch("1", "fp-a", {"!a:x", "!b:x"})), IntakeOutcome::kStored);
  EXPECT_EQ(*store.Store(Batch("1", "fp-a", {"!a:x", "!b:x"})), IntakeOutcome::kDuplicate);
  EXPECT_EQ(store.TotalEntries(), 2u);
  EXPECT_EQ(*store.Store(Batch("1", "fp-b", {"!c:x"})), IntakeOutcome::kReplaced);
  EXPECT_EQ(store.TotalEntries(), 3u);
  EXPECT_EQ(store.MarkerOf("1"), "fp-b");
  EXPECT_EQ(store.Shard(ShardFor("!c:x", 4)).back().routing_key, "!c:x");
}

TEST(InMemoryIntakeStoreTest, InjectedFailureStoresNothing) {
  InMemoryIntakeStore store;
  store.SetFailure(absl::UnavailableError("down"));
  EXPECT_EQ(store.Store(Batch("1", "fp", {"!a:x"})).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(store.TotalEntries(), 0u);
  store.SetFailure(absl::OkStatus());
  EXPECT_EQ(*store.Store(Batch("1", "fp", {"!a:x"})), IntakeOutcome::kStored);
}

TEST(IntakeOutcomeNameTest, NamesEveryOutcome) {
  EXPECT_EQ(IntakeOutcomeName(IntakeOutcome::kStored), "stored");
  EXPECT_EQ(IntakeOutcomeName(IntakeOutcome::kDuplicate), "duplicate");
  EXPECT_EQ(IntakeOutcomeName(IntakeOutcome::kReplaced), "replaced");
}

}  // namespace
}  // namespace mxedge::appservice_router
