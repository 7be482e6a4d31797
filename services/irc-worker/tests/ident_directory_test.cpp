#include "ident_directory.hpp"

#include <chrono>

#include "gtest/gtest.h"
#include "in_memory_ident_records.hpp"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::irc_worker {
namespace {

using std::chrono::milliseconds;

constexpr IdentQuery kPorts{.local_port = 40001, .remote_port = 6667};

TEST(IdentDirectoryTest, AnswersFromTheLocalTableBeforeTheFirstFlush) {
  testing::FakeClock clock;
  InMemoryIdentRecords records(clock);
  IdentDirectory directory(records, milliseconds(9'000));
  ASSERT_TRUE(directory.Publish(kPorts, "alice").ok());
  absl::StatusOr<std::optional<std::string>> user = directory.Lookup(kPorts);
  ASSERT_TRUE(user.ok());
  EXPECT_EQ(user->value_or(""), "alice");
  EXPECT_EQ(records.puts(), 0u);
}

TEST(IdentDirectoryTest, FlushWritesSharedRecordsAnotherWorkerCanRead) {
  testing::FakeClock clock;
  InMemoryIdentRecords records(clock);
  IdentDirectory owner(records, milliseconds(9'000));
  IdentDirectory other(records, milliseconds(9'000));
  ASSERT_TRUE(owner.Publish(kPorts, "alice").ok());
  ASSERT_TRUE(owner.Flush(clock.SteadyNow()).ok());
  EXPECT_EQ(other.Lookup(kPorts)->value_or(""), "alice");
  owner.Withdraw(kPorts);
  ASSERT_TRUE(owner.Flush(clock.SteadyNow()).ok());
  EXPECT_FALSE(other.Lookup(kPorts)->has_value());
  EXPECT_EQ(owner.size(), 0u);
}

TEST(IdentDirectoryTest, RefreshesLiveRecordsBeforeTheirTtlRunsOut) {
  testing::FakeClock clock;
  InMemoryIdentRecords records(clock);
  IdentDirectory owner(records, milliseconds(9'000));
  IdentDirectory other(records, milliseconds(9'000));
  ASSERT_TRUE(owner.Publish(kPorts, "alice").ok());
  ASSERT_TRUE(owner.Flush(clock.SteadyNow()).ok());
  EXPECT_EQ(owner.next_refresh(), clock.SteadyNow() + milliseconds(3'000));
  for (int i = 0; i < 10; ++i) {
    clock.Advance(milliseconds(3'000));
    ASSERT_TRUE(owner.Flush(clock.SteadyNow()).ok());
    EXPECT_EQ(other.Lookup(kPorts)->value_or(""), "alice") << "after " << (i + 1) * 3 << " s";
  }
}

TEST(IdentDirectoryTest, RecordOfADeadWorkerExpires) {
  testing::FakeClock clock;
  InMemoryIdentRecords records(clock);
  IdentDirectory other(records, milliseconds(9'000));
  {
    IdentDirectory owner(records, milliseconds(9'000));
    ASSERT_TRUE(owner.Publish(kPorts, "alice").ok());
    ASSERT_TRUE(owner.Flush(clock.SteadyNow()).ok());
  }
  clock.Advance(milliseconds(9'001));
  EXPECT_FALSE(other.Lookup(kPorts)->has_value());
}

TEST(IdentDirectoryTest, WithdrawKeepsARecordAnotherConnectionWroteSince) {
  testing::FakeClock clock;
  InMemoryIdentRecords records(clock);
  IdentDirectory owner(records, milliseconds(9'000));
  ASSERT_TRUE(owner.Publish(kPorts, "alice").ok());
  ASSERT_TRUE(owner.Flush(clock.SteadyNow()).ok());
  ASSERT_TRUE(records.Put(kPorts, "bob", milliseconds(9'000)).ok());
  owner.Withdraw(kPorts);
  ASSERT_TRUE(owner.Flush(clock.SteadyNow()).ok());
  EXPECT_EQ(records.Lookup(kPorts)->value_or(""), "bob");
}

TEST(IdentDirectoryTest, RefusesAUserNameThatWouldBreakTheReply) {
  testing::FakeClock clock;
  InMemoryIdentRecords records(clock);
  IdentDirectory directory(records, milliseconds(9'000));
  EXPECT_EQ(directory.Publish(kPorts, "a : b").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(directory.Lookup(kPorts)->has_value());
}

}  // namespace
}  // namespace mxedge::irc_worker
