// Dead letters and the `dead` admin command on a real redis-server.
#include "dead_letter.hpp"

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mxedge/redis/hiredis_client.hpp"
#include "mxedge/redis/stream_commands.hpp"
#include "mxedge/testing/redis_server.hpp"

namespace mxedge::appservice_router {
namespace {

using ::testing::HasSubstr;

class DeadLetterIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = mxedge::testing::RedisServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    redis_ = *std::move(server);
    redis::HiredisOptions options;
    options.url = redis_->url();
    auto client = redis::HiredisClient::Create(options);
    ASSERT_TRUE(client.ok());
    client_ = *std::move(client);
  }

  std::string Park(const std::string& event_id, const std::string& sink) {
    DeadLetter letter;
    letter.stream = "mxedge:as:events:3";
    letter.entry.stream_id = "5-0";
    letter.entry.kind = EntryKind::kPersistent;
    letter.entry.event_json = R"({"event_id":")" + event_id + R"(","room_id":"!r:hs"})";
    letter.entry.txn_id = "t1";
    letter.entry.received_unix_ms = 1000;
    letter.sink = sink;
    letter.reason = "rejected by sink: nick in use";
    letter.attempts = 4;
    letter.parked_unix_ms = 2000;
    absl::StatusOr<std::string> id = ParkDeadLetter(*client_, "mxedge:", letter);
    EXPECT_TRUE(id.ok()) << id.status();
    return id.value_or("");
  }

  int Run(std::vector<std::string> args, std::string* out_text, std::string* err_text) {
    std::ostringstream out;
    std::ostringstream err;
    int code = RunDeadCommand(args, *client_, out, err);
    *out_text = out.str();
    *err_text = err.str();
    return code;
  }

  std::unique_ptr<mxedge::testing::RedisServer> redis_;
  std::unique_ptr<redis::HiredisClient> client_;
};

TEST_F(DeadLetterIntegrationTest, ParkListShowRoundTrip) {
  std::string id = Park("$a", "irc:libera");
  absl::StatusOr<std::vector<DeadLetter>> letters = ListDead(*client_, "mxedge:", 10);
  ASSERT_TRUE(letters.ok()) << letters.status();
  ASSERT_EQ(letters->size(), 1u);
  const DeadLetter& letter = letters->front();
  EXPECT_EQ(letter.id, id);
  EXPECT_EQ(letter.stream, "mxedge:as:events:3");
  EXPECT_EQ(letter.entry.stream_id, "5-0");
  EXPECT_EQ(letter.entry.txn_id, "t1");
  EXPECT_EQ(letter.sink, "irc:libera");
  EXPECT_EQ(letter.attempts, 4);
  EXPECT_EQ(letter.parked_unix_ms, 2000);
  absl::StatusOr<DeadLetter> shown = ShowDead(*client_, "mxedge:", id);
  ASSERT_TRUE(shown.ok());
  EXPECT_EQ(shown->entry.event_json, letter.entry.event_json);
}

TEST_F(DeadLetterIntegrationTest, RedriveReaddsToTheStreamAndDeletes) {
  std::string id = Park("$a", "micropub");
  absl::StatusOr<std::string> redriven = RedriveDead(*client_, "mxedge:", id);
  ASSERT_TRUE(redriven.ok()) << redriven.status();
  absl::StatusOr<std::vector<redis::StreamEntry>> entries =
      redis::XRange(*client_, "mxedge:as:events:3");
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ(entries->front().id, *redriven);
  EXPECT_EQ(entries->front().Field("kind").value_or(""), "room");
  EXPECT_EQ(entries->front().Field("txn").value_or(""), "t1");
  EXPECT_THAT(std::string(entries->front().Field("event").value_or("")), HasSubstr("$a"));
  EXPECT_TRUE(ListDead(*client_, "mxedge:", 10)->empty());
  EXPECT_TRUE(absl::IsNotFound(RedriveDead(*client_, "mxedge:", id).status()));
}

TEST_F(DeadLetterIntegrationTest, CommandListsShowsAndRedrivesAll) {
  std::string first = Park("$a", "micropub");
  Park("$b", "irc:libera");
  std::string out;
  std::string err;
  ASSERT_EQ(Run({"list"}, &out, &err), 0) << err;
  EXPECT_THAT(out, HasSubstr(first + " sink=micropub attempts=4"));
  EXPECT_THAT(out, HasSubstr("2 dead entries shown"));
  ASSERT_EQ(Run({"list", "--limit", "1"}, &out, &err), 0);
  EXPECT_THAT(out, HasSubstr("1 dead entries shown"));
  ASSERT_EQ(Run({"show", first}, &out, &err), 0);
  EXPECT_THAT(out, HasSubstr("reason=rejected by sink: nick in use"));
  EXPECT_THAT(out, HasSubstr(R"(event={"event_id":"$a")"));
  ASSERT_EQ(Run({"redrive", "--all"}, &out, &err), 0) << err;
  EXPECT_THAT(out, HasSubstr("2 dead entries redriven"));
  EXPECT_EQ(redis::XLen(*client_, "mxedge:as:events:3").value(), 2);
  EXPECT_TRUE(ListDead(*client_, "mxedge:", 10)->empty());
}

TEST_F(DeadLetterIntegrationTest, CommandReportsUsageAndErrors) {
  std::string out;
  std::string err;
  EXPECT_EQ(Run({}, &out, &err), 2);
  EXPECT_THAT(err, HasSubstr("usage"));
  EXPECT_EQ(Run({"list", "--limit", "zero"}, &out, &err), 2);
  EXPECT_EQ(Run({"show"}, &out, &err), 2);
  EXPECT_EQ(Run({"purge"}, &out, &err), 2);
  EXPECT_EQ(Run({"show", "1-1"}, &out, &err), 1);
  EXPECT_THAT(err, HasSubstr("no dead entry 1-1"));
  EXPECT_EQ(Run({"redrive", "not-an-id"}, &out, &err), 1);
  EXPECT_FALSE(err.empty());
}

TEST_F(DeadLetterIntegrationTest, MalformedDeadEntryIsReportedNotCrashed) {
  std::vector<redis::FieldValue> fields = {{"sink", "micropub"}};
  ASSERT_TRUE(redis::XAdd(*client_, "mxedge:as:dead", fields).ok());
  absl::StatusOr<std::vector<DeadLetter>> letters = ListDead(*client_, "mxedge:", 10);
  ASSERT_FALSE(letters.ok());
  EXPECT_TRUE(absl::IsInvalidArgument(letters.status()));
  EXPECT_THAT(letters.status().message(), HasSubstr("missing field stream"));
}

}  // namespace
}  // namespace mxedge::appservice_router
