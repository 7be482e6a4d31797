// Moderation through the whole suite: an IRC operator's +o/-o on alice's puppet sets and clears
// her power level in the room (written by the bridge bot, as for ghosts), and a Matrix topic the
// router delivers twice (the redelivery after a takeover) reaches the channel once.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "mxedge/redis/reply.hpp"
#include "mxedge/testing/ngircd.hpp"
#include "scenario_test.hpp"

namespace mxedge::irc_bridge_e2e {
namespace {

using nlohmann::json;

constexpr char kCreator[] = "@creator:localhost";

class ModerationE2eTest : public ScenarioTest {
 protected:
  // The watcher "oper" is an IRC operator and makes itself a channel operator; the room's power
  // levels are those of a room the bot administers.
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StartStack({}, "oper"));
    ASSERT_TRUE(watcher_
                    ->Send(absl::StrCat("OPER ", testing::kNgircdOperName, " ",
                                        testing::kNgircdOperPassword))
                    .ok());
    ASSERT_TRUE(watcher_->ReadUntilCommand("381", std::chrono::seconds(10)).ok());
    ASSERT_TRUE(watcher_->Send(absl::StrCat("MODE ", kChannel, " +o oper")).ok());
    stack_->homeserver().SetState(stack_->room_id(), "m.room.power_levels", "",
                                  {{"users", {{kBot, 100}, {kCreator, 100}}}});
    ASSERT_NO_FATAL_FAILURE(AliceJoins());
  }

  json Levels() const {
    return stack_->homeserver()
        .StateContent(stack_->room_id(), "m.room.power_levels", "")
        .value_or(json::object());
  }

  // Gives or takes alice's puppet's `mode` ("+o", "-o") and waits for the server to relay it.
  void AliceMode(const std::string& mode) {
    const std::string line = absl::StrCat("MODE ", kChannel, " ", mode, " ", kAliceNick);
    ASSERT_TRUE(watcher_->Send(line).ok());
    ASSERT_FALSE(AwaitLine([&](std::string_view l) { return Has(l, line); }).empty())
        << stack_->Logs();
  }

  // The Redis keys matching `pattern`.
  std::vector<std::string> Keys(const std::string& pattern) {
    const std::vector<std::string> keys = {"KEYS", pattern};
    std::vector<std::string> found;
    absl::StatusOr<redis::Reply> reply = stack_->redis().Execute(keys);
    EXPECT_TRUE(reply.ok()) << reply.status();
    if (reply.ok()) {
      for (const redis::Reply& element : reply->elements()) {
        found.push_back(element.str());
      }
    }
    return found;
  }

  // The topic alice sets from Matrix, as an event with `event_id`.
  static json Topic(const std::string& event_id, const std::string& topic) {
    return {{"event_id", event_id},
            {"sender", kAlice},
            {"type", "m.room.topic"},
            {"state_key", ""},
            {"content", {{"topic", topic}}}};
  }
};

TEST_F(ModerationE2eTest, APuppetsOperatorStatusSetsAndClearsItsUsersPowerLevel) {
  ASSERT_NO_FATAL_FAILURE(AliceMode("+o"));
  EXPECT_TRUE(Eventually([&] { return Levels()["users"].value(kAlice, 0) == 50; }))
      << Levels().dump() << stack_->Logs();
  // Written by the bridge bot, keeping the room's admins.
  std::vector<testing::RecordedRequest> writes =
      stack_->homeserver().RequestsTo("PUT", "/state/m.room.power_levels");
  ASSERT_FALSE(writes.empty());
  auto writer = writes.back().query.find("user_id");
  ASSERT_NE(writer, writes.back().query.end());
  EXPECT_EQ(writer->second, kBot);
  EXPECT_EQ(Levels()["users"].value(kCreator, 0), 100);
  EXPECT_EQ(Levels()["users"].value(kBot, 0), 100);

  ASSERT_NO_FATAL_FAILURE(AliceMode("-o"));
  EXPECT_TRUE(Eventually([&] { return !Levels()["users"].contains(kAlice); }))
      << Levels().dump() << stack_->Logs();
  EXPECT_EQ(Levels()["users"].value(kCreator, 0), 100);
}

TEST_F(ModerationE2eTest, ATopicDeliveredAgainReachesTheChannelOnce) {
  ASSERT_NO_FATAL_FAILURE(AliceMode("+o"));  // +t: only operators set the topic
  const std::string first = stack_->Push(Topic("", "first topic"));
  const std::string topic_line = absl::StrCat("TOPIC ", kChannel, " :");
  EXPECT_TRUE(Has(AwaitLineFromAlice([&](std::string_view l) { return Has(l, topic_line); }),
                  "first topic"))
      << stack_->Logs();
  // The channel's topic changes on IRC, so that writing the first topic again would show.
  ASSERT_TRUE(watcher_->Send(absl::StrCat("TOPIC ", kChannel, " :from irc")).ok());
  ASSERT_FALSE(AwaitLine([&](std::string_view l) {
                 return Has(l, topic_line) && Has(l, "from irc");
               }).empty());
  // The worker recorded the event as written to IRC, and the router its delivery.
  EXPECT_TRUE(Eventually([&] { return !Keys(absl::StrCat("mxedge:irc:sent:", first)).empty(); }));
  std::vector<std::string> delivered;
  ASSERT_TRUE(Eventually([&] {
    delivered = Keys(absl::StrCat("*ev:", first, ":*"));
    return !delivered.empty();
  })) << stack_->Logs();
  // The same event again, as the router delivers it when its acknowledgement was lost (its own
  // record of the delivery is gone).
  for (const std::string& key : delivered) {
    const std::vector<std::string> del = {"DEL", key};
    ASSERT_TRUE(stack_->redis().Execute(del).ok());
  }
  json again = Topic(first, "first topic");
  again["room_id"] = stack_->room_id();
  again["origin_server_ts"] = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count();
  stack_->homeserver().EnqueueEvents({again});
  stack_->Push(Topic("", "second topic"));
  // The next TOPIC on IRC is the second event's: the first was not written again.
  EXPECT_TRUE(Has(AwaitLineFromAlice([&](std::string_view l) { return Has(l, topic_line); }),
                  "second topic"))
      << stack_->Logs();
}

}  // namespace
}  // namespace mxedge::irc_bridge_e2e
