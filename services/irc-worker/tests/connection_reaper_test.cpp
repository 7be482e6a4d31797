#include "connection_reaper.hpp"

#include <chrono>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::irc_worker {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

struct Recorder {
  std::vector<std::string> calls;
  absl::Status unwant_status = absl::OkStatus();

  ReaperActions Actions() {
    return ReaperActions{
        .quit =
            [this](const ConnectionKey& key, std::string_view message) {
              calls.push_back("quit " + key.mxid + " " + std::string(message));
            },
        .unwant =
            [this](const ConnectionKey& key) {
              calls.push_back("unwant " + key.mxid);
              return unwant_status;
            },
        .release =
            [this](const ConnectionKey& key) {
              calls.push_back("release " + key.mxid);
              return absl::OkStatus();
            },
        .notify =
            [this](const ConnectionKey& key, std::string_view notice) {
              calls.push_back("notify " + key.mxid + " " + std::string(notice));
            },
    };
  }
};

TEST(ConnectionReaperTest, IdleConnectionIsUnwantedQuitReleasedAndTold) {
  testing::FakeClock clock;
  ConnectionLimits limits(clock, {{"libera", {.idle_timeout = hours(48)}}});
  Recorder recorder;
  ConnectionReaper reaper(limits, recorder.Actions());
  limits.Opened({"libera", "@a:hs"});
  clock.Advance(hours(47));
  EXPECT_EQ(reaper.ReapIdle(), 0);
  EXPECT_THAT(recorder.calls, IsEmpty());
  clock.Advance(hours(1) + minutes(3));  // the round comes a little after the timeout
  EXPECT_EQ(reaper.ReapIdle(), 1);
  ASSERT_EQ(recorder.calls.size(), 4u);
  EXPECT_EQ(recorder.calls[0], "unwant @a:hs");
  EXPECT_EQ(recorder.calls[1], "quit @a:hs Idle for 48h");
  EXPECT_EQ(recorder.calls[2], "release @a:hs");
  EXPECT_THAT(recorder.calls[3], HasSubstr("for 48h, so your IRC connection was closed"));
  EXPECT_EQ(limits.Count("libera"), 0u);
  EXPECT_EQ(reaper.idle_closed(), 1);
  EXPECT_EQ(reaper.ReapIdle(), 0);
}

TEST(ConnectionReaperTest, ConnectionStaysWhenItCannotBeUnwanted) {
  testing::FakeClock clock;
  ConnectionLimits limits(clock, {{"libera", {.idle_timeout = minutes(1)}}});
  Recorder recorder;
  recorder.unwant_status = absl::UnavailableError("redis down");
  ConnectionReaper reaper(limits, recorder.Actions());
  limits.Opened({"libera", "@a:hs"});
  clock.Advance(minutes(2));
  EXPECT_EQ(reaper.ReapIdle(), 0);
  EXPECT_THAT(recorder.calls, ElementsAre("unwant @a:hs"));
  EXPECT_EQ(limits.Count("libera"), 1u);
}

TEST(ConnectionReaperTest, MakeRoomEvictsTheLongestIdleAndSaysWhy) {
  testing::FakeClock clock;
  ConnectionLimits limits(clock, {{"libera", {.max_connections = 2}}});
  Recorder recorder;
  ConnectionReaper reaper(limits, recorder.Actions());
  limits.Opened({"libera", "@a:hs"});
  clock.Advance(minutes(1));
  limits.Opened({"libera", "@b:hs"});
  EXPECT_EQ(reaper.MakeRoomFor({"libera", "@c:hs"}), 1);
  ASSERT_EQ(recorder.calls.size(), 4u);
  EXPECT_EQ(recorder.calls[1], "quit @a:hs Connection limit reached");
  EXPECT_THAT(recorder.calls[3], HasSubstr("connection limit on libera was reached"));
  EXPECT_EQ(reaper.evicted(), 1);
  EXPECT_FALSE(limits.IdleFor({"libera", "@a:hs"}).has_value());
}

TEST(FormatIdleDurationTest, UsesTheLargestWholeUnit) {
  EXPECT_EQ(FormatIdleDuration(hours(48)), "48h");
  EXPECT_EQ(FormatIdleDuration(minutes(90)), "90m");
  EXPECT_EQ(FormatIdleDuration(std::chrono::seconds(45)), "45s");
  EXPECT_EQ(FormatIdleDuration(std::chrono::milliseconds(1'500)), "1500ms");
}

}  // namespace
}  // namespace mxedge::irc_worker
