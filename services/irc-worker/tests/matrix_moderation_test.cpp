#include "matrix_moderation.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fake_matrix_rooms.hpp"
#include "fake_puppets.hpp"
#include "fake_room_members.hpp"
#include "fake_room_state.hpp"
#include "in_memory_bridged_rooms.hpp"
#include "in_memory_channel_receivers.hpp"
#include "in_memory_puppet_nicks.hpp"
#include "mxedge/irc/parser.hpp"
#include "mxedge/ownership/in_memory_idempotency_store.hpp"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::irc_worker {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kAlice[] = "@alice:hs";  // her puppet is "alice[m]" (FakePuppets)
constexpr char kRoom[] = "!r:hs";

// FakePuppets whose lines complete as the test says: with `written` (OK by default) at once, or,
// with `hold`, only when the test calls Complete.
class WrittenLines final : public PuppetLines {
 public:
  explicit WrittenLines(FakePuppets& puppets) : puppets_(puppets) {}

  absl::StatusOr<PuppetReadiness> Prepare(std::string_view network,
                                          std::string_view mxid) override {
    return puppets_.Prepare(network, mxid);
  }
  absl::StatusOr<std::string> RelaySource(std::string_view network,
                                          std::string_view mxid) override {
    if (!relay.ok()) {
      return relay;
    }
    return puppets_.RelaySource(network, mxid);
  }
  absl::Status Send(std::string_view network, std::string_view mxid, std::string line,
                    Done done) override {
    if (!queue.ok()) {
      return queue;
    }
    return puppets_.Send(network, mxid, std::move(line), [&, done](absl::Status s) {
      if (hold) {
        held.push_back(done);
      } else {
        done(s.ok() ? written : s);
      }
    });
  }

  absl::Status relay;    // what RelaySource fails with when not OK
  absl::Status queue;    // what Send refuses lines with when not OK
  absl::Status written;  // what every line completes with
  bool hold = false;
  std::vector<Done> held;

 private:
  FakePuppets& puppets_;
};

class MatrixModerationTest : public ::testing::Test {
 protected:
  MatrixModerationTest() {
    std::map<std::string, ChannelMapping, std::less<>> channels;
    channels.emplace("net", *ChannelMapping::Parse({"#chan=!r:hs"}));
    IrcMembershipOptions options;
    options.worker_id = "w1";
    options.server_name = "hs";
    IrcMembershipNetwork net;
    net.bot_user_id = "@irc_net:hs";
    options.networks.emplace("net", net);
    EXPECT_TRUE(nicks_.Set("net", "alice{m}", kAlice).ok());
    membership_ =
        std::make_unique<IrcMembership>(nicks_, receivers_, members_, state_, channels, options);
    moderation_ = std::make_unique<MatrixModeration>(
        lines_, *membership_, rooms_, notices_, channels,
        std::map<std::string, std::string, std::less<>>{{"net", "@irc_net:hs"}},
        MatrixModerationOptions{.records = &records_,
                                .send_timeout = std::chrono::milliseconds(0),
                                .metrics = &metrics_});
  }

  // The channel as alice's connection sees it: `names` after her join.
  void Channel(std::string_view names) {
    MembershipReader reader;
    for (const std::string& text : {std::string(":alice[m]!a@h JOIN #chan"),
                                    common::Cat(":srv 353 alice[m] = #chan :", names),
                                    std::string(":srv 366 alice[m] #chan :End")}) {
      absl::StatusOr<std::optional<MembershipEvent>> event = reader.Read(*irc::ParseMessage(text));
      ASSERT_TRUE(event.ok()) << event.status();
      if (event->has_value()) {
        ASSERT_TRUE(membership_->Apply("net", kAlice, **event, clock_.SteadyNow()).ok());
      }
    }
  }

  static v1::MatrixEvent Event(std::string type, std::string state_key, json content,
                               json unsigned_data = json::object()) {
    v1::MatrixEvent event;
    event.set_event_id("$e1");
    event.set_room_id(kRoom);
    event.set_sender(kAlice);
    event.set_type(std::move(type));
    event.set_state_key(std::move(state_key));
    event.set_content_json(content.dump());
    event.set_unsigned_json(unsigned_data.dump());
    return event;
  }

  std::optional<v1::EventOutcome> Handle(const v1::MatrixEvent& event) {
    if (!moderation_->Concerns("net", kAlice, event)) {
      return std::nullopt;
    }
    return moderation_->Handle("net", kAlice, event);
  }

  testing::FakeClock clock_;
  InMemoryChannelReceivers receivers_{clock_};
  InMemoryPuppetNicks nicks_;
  FakeRoomMembers members_;
  FakeRoomState state_;
  common::MetricsRegistry metrics_;
  FakePuppets puppets_;
  WrittenLines lines_{puppets_};
  ownership::InMemoryIdempotencyStore store_{clock_};
  DeliveryRecords records_{store_, IrcKeys("p:")};
  InMemoryBridgedRooms rooms_;
  FakeMatrixRooms notices_;
  std::unique_ptr<IrcMembership> membership_;
  std::unique_ptr<MatrixModeration> moderation_;
};

TEST_F(MatrixModerationTest, KickOfAGhostByAnOperatorIsAnIrcKick) {
  Channel("@alice[m] bob");
  std::optional<v1::EventOutcome> outcome = Handle(
      Event("m.room.member", "@irc_net_bob:hs", {{"membership", "leave"}, {"reason", "spam"}}));
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->outcome(), v1::DELIVERY_OUTCOME_DONE);
  ASSERT_EQ(puppets_.lines.size(), 1u);
  EXPECT_THAT(puppets_.lines[0], HasSubstr("net @alice:hs KICK #chan bob :"));
  EXPECT_THAT(puppets_.lines[0], HasSubstr("spam"));
}

TEST_F(MatrixModerationTest, KickByANonOperatorIsANoticeInTheAdminRoom) {
  Channel("alice[m] bob");
  ASSERT_TRUE(rooms_.SetAdminRoom("net", kAlice, "!admin:hs").ok());
  std::optional<v1::EventOutcome> outcome =
      Handle(Event("m.room.member", "@irc_net_bob:hs", {{"membership", "ban"}}));
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_TRUE(puppets_.lines.empty());
  ASSERT_EQ(notices_.notices.size(), 1u);
  EXPECT_EQ(notices_.notices[0].room_id, "!admin:hs");
  EXPECT_THAT(notices_.notices[0].body, HasSubstr("not a channel operator in #chan"));
}

TEST_F(MatrixModerationTest, OtherMembershipIsLeftToTheRestOfTheDelivery) {
  Channel("@alice[m] bob");
  EXPECT_FALSE(Handle(Event("m.room.member", kAlice, {{"membership", "leave"}})).has_value());
  EXPECT_FALSE(Handle(Event("m.room.member", "@carol:hs", {{"membership", "leave"}})).has_value());
  EXPECT_FALSE(
      Handle(Event("m.room.member", "@irc_net_bob:hs", {{"membership", "invite"}})).has_value());
  v1::MatrixEvent elsewhere = Event("m.room.topic", "", {{"topic", "x"}});
  elsewhere.set_room_id("!other:hs");
  EXPECT_FALSE(Handle(elsewhere).has_value());
  EXPECT_TRUE(puppets_.lines.empty());
}

TEST_F(MatrixModerationTest, TopicIsSentFromThePuppet) {
  Channel("alice[m]");
  std::optional<v1::EventOutcome> outcome = Handle(Event("m.room.topic", "", {{"topic", "news"}}));
  ASSERT_TRUE(outcome.has_value());
  EXPECT_THAT(puppets_.lines, ElementsAre("net @alice:hs TOPIC #chan news"));
}

TEST_F(MatrixModerationTest, PowerLevelChangesBecomeModesWhenThePuppetIsOp) {
  Channel("@alice[m] bob carol");
  const json before = {{"users", {{"@irc_net_carol:hs", 50}}}};
  const json after = {{"users", {{"@irc_net_bob:hs", 50}}}};
  std::optional<v1::EventOutcome> outcome =
      Handle(Event("m.room.power_levels", "", after, {{"prev_content", before}}));
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->outcome(), v1::DELIVERY_OUTCOME_DONE);
  ASSERT_EQ(puppets_.lines.size(), 1u);
  EXPECT_THAT(puppets_.lines[0], HasSubstr("MODE #chan "));
  EXPECT_THAT(puppets_.lines[0], HasSubstr("bob"));
  EXPECT_THAT(puppets_.lines[0], HasSubstr("carol"));
}

TEST_F(MatrixModerationTest, PuppetStillConnectingIsRetriedLater) {
  Channel("@alice[m]");
  puppets_.readiness = PuppetReadiness::kConnecting;
  std::optional<v1::EventOutcome> outcome = Handle(Event("m.room.topic", "", {{"topic", "x"}}));
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->outcome(), v1::DELIVERY_OUTCOME_RETRY_LATER);
  EXPECT_TRUE(puppets_.lines.empty());
}

TEST_F(MatrixModerationTest, AKickIsDoneOnlyOnceWrittenAndNotWrittenAgainOnRedelivery) {
  Channel("@alice[m] bob");
  const v1::MatrixEvent kick =
      Event("m.room.member", "@irc_net_bob:hs", {{"membership", "leave"}, {"reason", "spam"}});
  std::optional<v1::EventOutcome> outcome = Handle(kick);
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_TRUE(records_.WasSent("$e1").value());
  // The router delivers it again (e.g. to the worker that took the connection over).
  outcome = Handle(kick);
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(outcome->reason(), "already sent");
  EXPECT_EQ(puppets_.lines.size(), 1u);
}

TEST_F(MatrixModerationTest, ALineNotWrittenInTimeLeavesTheEventToBeRetried) {
  Channel("@alice[m]");
  lines_.hold = true;  // queued behind flood control, not written yet
  std::optional<v1::EventOutcome> outcome = Handle(Event("m.room.topic", "", {{"topic", "x"}}));
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->outcome(), v1::DELIVERY_OUTCOME_RETRY_LATER);
  EXPECT_EQ(outcome->reason(), "line not written");
  EXPECT_FALSE(records_.WasSent("$e1").value());
  EXPECT_THAT(metrics_.RenderText(),
              HasSubstr("mxedge_irc_worker_moderation_lines_unwritten_total 1\n"));
  // The line completing after the event gave up is harmless.
  ASSERT_EQ(lines_.held.size(), 1u);
  lines_.held[0](absl::OkStatus());
}

TEST_F(MatrixModerationTest, AConnectionClosingBeforeTheLineIsWrittenIsRetried) {
  Channel("@alice[m] bob");
  lines_.written = absl::CancelledError("connection closed");
  const json before = {{"users", json::object()}};
  const json after = {{"users", {{"@irc_net_bob:hs", 50}}}};
  std::optional<v1::EventOutcome> outcome =
      Handle(Event("m.room.power_levels", "", after, {{"prev_content", before}}));
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->outcome(), v1::DELIVERY_OUTCOME_RETRY_LATER);
  EXPECT_FALSE(records_.WasSent("$e1").value());

  // The retry once the connection is back writes the line and completes the event.
  lines_.written = absl::OkStatus();
  outcome = Handle(Event("m.room.power_levels", "", after, {{"prev_content", before}}));
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_THAT(puppets_.lines,
              ElementsAre("net @alice:hs MODE #chan +o bob", "net @alice:hs MODE #chan +o bob"));
  EXPECT_TRUE(records_.WasSent("$e1").value());
}

TEST_F(MatrixModerationTest, AClosedConnectionLeavesTheEventToBeRetried) {
  Channel("@alice[m]");
  lines_.queue = absl::FailedPreconditionError("connection is closed");
  std::optional<v1::EventOutcome> outcome = Handle(Event("m.room.topic", "", {{"topic", "x"}}));
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->outcome(), v1::DELIVERY_OUTCOME_RETRY_LATER);

  lines_.queue = absl::OkStatus();
  lines_.relay = absl::NotFoundError("connection not open");
  outcome = Handle(Event("m.room.topic", "", {{"topic", "x"}}));
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->outcome(), v1::DELIVERY_OUTCOME_RETRY_LATER);
  EXPECT_TRUE(puppets_.lines.empty());
  EXPECT_FALSE(records_.WasSent("$e1").value());
}

TEST_F(MatrixModerationTest, StoreFailuresAreRetriedAndBadEventIdsRejected) {
  Channel("@alice[m]");
  puppets_.readiness = absl::UnavailableError("redis down");
  std::optional<v1::EventOutcome> outcome = Handle(Event("m.room.topic", "", {{"topic", "x"}}));
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->outcome(), v1::DELIVERY_OUTCOME_RETRY_LATER);

  puppets_.readiness = PuppetReadiness::kNotMine;
  outcome = Handle(Event("m.room.topic", "", {{"topic", "x"}}));
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->outcome(), v1::DELIVERY_OUTCOME_NOT_MINE);

  puppets_.readiness = PuppetReadiness::kReady;
  v1::MatrixEvent bad = Event("m.room.topic", "", {{"topic", "x"}});
  bad.set_event_id("$bad id");
  outcome = Handle(bad);
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->outcome(), v1::DELIVERY_OUTCOME_REJECTED);
  EXPECT_TRUE(puppets_.lines.empty());
}

}  // namespace
}  // namespace mxedge::irc_worker
