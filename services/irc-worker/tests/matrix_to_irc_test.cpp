#include "matrix_to_irc.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <deque>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "fake_matrix_resources.hpp"

#include "mxedge/ownership/in_memory_idempotency_store.hpp"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::irc_worker {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kUser[] = "@alice:example.org";
constexpr char kRoom[] = "!room:example.org";

// Connections in memory: completes each send at once with `send_result` unless told to hold it.
class FakePuppetLines : public PuppetLines {
 public:
  absl::StatusOr<PuppetReadiness> Prepare(std::string_view network,
                                          std::string_view mxid) override {
    prepared.push_back(std::string(network) + ":" + std::string(mxid));
    return readiness;
  }
  absl::StatusOr<std::string> RelaySource(std::string_view, std::string_view) override {
    if (!open) {
      return absl::NotFoundError("not open");
    }
    return std::string("alice[m]!alice@host.example.org");
  }
  absl::Status Send(std::string_view, std::string_view, std::string line, Done done) override {
    if (!queue_result.ok()) {
      return queue_result;
    }
    sent.push_back(std::move(line));
    if (hold) {
      held.push_back(std::move(done));
    } else {
      done(send_result);
    }
    return absl::OkStatus();
  }

  absl::StatusOr<PuppetReadiness> readiness = PuppetReadiness::kReady;
  bool open = true;
  bool hold = false;
  absl::Status queue_result;
  absl::Status send_result;
  std::vector<std::string> prepared;
  std::vector<std::string> sent;
  std::deque<Done> held;
};

v1::MatrixEvent Event(std::string id, std::string content, std::string type = "m.room.message") {
  v1::MatrixEvent event;
  event.set_event_id(std::move(id));
  event.set_room_id(kRoom);
  event.set_sender(kUser);
  event.set_type(std::move(type));
  event.set_content_json(std::move(content));
  return event;
}

v1::MatrixEvent Text(std::string id, std::string body) {
  nlohmann::json content = {{"msgtype", "m.text"}, {"body", std::move(body)}};
  return Event(std::move(id), content.dump());
}

class MatrixToIrcTest : public ::testing::Test {
 protected:
  MatrixToIrcTest()
      : store_(clock_),
        records_(store_, IrcKeys("t:")),
        bridge_(lines_, records_, Channels(), {.worker_id = "w1", .send_timeout = {}}) {}

  static std::map<std::string, ChannelMapping, std::less<>> Channels() {
    std::map<std::string, ChannelMapping, std::less<>> channels;
    channels.emplace("local", ChannelMapping::Parse({"#mxedge=!room:example.org"}).value());
    return channels;
  }

  v1::DeliverRequest Request(std::vector<v1::MatrixEvent> events, std::string worker = "w1") {
    v1::DeliverRequest request;
    request.set_request_id("req-1");
    request.set_room_id(kRoom);
    request.set_routing_key(absl::StrCat("local:", kUser));
    request.set_worker_id(std::move(worker));
    for (v1::MatrixEvent& e : events) {
      *request.add_events() = std::move(e);
    }
    return request;
  }

  static std::vector<v1::DeliveryOutcome> Outcomes(const v1::DeliverReply& reply) {
    std::vector<v1::DeliveryOutcome> outcomes;
    for (const v1::EventOutcome& o : reply.outcomes()) {
      outcomes.push_back(o.outcome());
    }
    return outcomes;
  }

  mxedge::testing::FakeClock clock_;
  ownership::InMemoryIdempotencyStore store_;
  DeliveryRecords records_;
  FakePuppetLines lines_;
  MatrixToIrc bridge_;
};

TEST_F(MatrixToIrcTest, TextBecomesPrivmsgAndIsRecorded) {
  v1::DeliverReply reply = bridge_.Deliver(Request({Text("$e1", "hello"), Text("$e2", "a\nb")}));
  EXPECT_EQ(reply.request_id(), "req-1");
  EXPECT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_DONE, v1::DELIVERY_OUTCOME_DONE));
  EXPECT_EQ(reply.outcomes(1).event_id(), "$e2");
  EXPECT_THAT(lines_.sent,
              ElementsAre("PRIVMSG #mxedge :hello", "PRIVMSG #mxedge :a", "PRIVMSG #mxedge :b"));
  EXPECT_THAT(lines_.prepared, ElementsAre("local:@alice:example.org"));
  EXPECT_TRUE(records_.WasSent("$e1").value());
  EXPECT_TRUE(records_.WasSent("$e2").value());
}

TEST_F(MatrixToIrcTest, EmoteBecomesCtcpAction) {
  v1::DeliverReply reply =
      bridge_.Deliver(Request({Event("$e1", R"({"msgtype":"m.emote","body":"waves"})")}));
  EXPECT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_DONE));
  EXPECT_THAT(lines_.sent, ElementsAre("PRIVMSG #mxedge :\x01"
                                       "ACTION waves\x01"));
}

TEST_F(MatrixToIrcTest, LongTextIsSplitToTheServerLimit) {
  v1::DeliverReply reply = bridge_.Deliver(Request({Text("$e1", std::string(1000, 'x'))}));
  EXPECT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_DONE));
  ASSERT_GE(lines_.sent.size(), 3u);
  std::size_t total = 0;
  for (const std::string& line : lines_.sent) {
    EXPECT_LE(line.size() + std::string(":alice[m]!alice@host.example.org ").size() + 2, 512u);
    total += line.size() - std::string("PRIVMSG #mxedge :").size();
  }
  EXPECT_EQ(total, 1000u);
}

TEST_F(MatrixToIrcTest, AnotherWorkersRequestIsNotMine) {
  v1::DeliverReply reply = bridge_.Deliver(Request({Text("$e1", "x"), Text("$e2", "y")}, "w2"));
  EXPECT_THAT(Outcomes(reply),
              ElementsAre(v1::DELIVERY_OUTCOME_NOT_MINE, v1::DELIVERY_OUTCOME_NOT_MINE));
  EXPECT_TRUE(lines_.prepared.empty());
  EXPECT_TRUE(lines_.sent.empty());
}

TEST_F(MatrixToIrcTest, AConnectionOwnedElsewhereIsNotMine) {
  lines_.readiness = PuppetReadiness::kNotMine;
  v1::DeliverReply reply = bridge_.Deliver(Request({Text("$e1", "x")}));
  EXPECT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_NOT_MINE));
  EXPECT_TRUE(lines_.sent.empty());
}

TEST_F(MatrixToIrcTest, ARegisteringConnectionAsksForARetryOfTheFirstEventOnly) {
  lines_.readiness = PuppetReadiness::kConnecting;
  v1::DeliverReply reply = bridge_.Deliver(Request({Text("$e1", "x"), Text("$e2", "y")}));
  ASSERT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_RETRY_LATER));
  EXPECT_EQ(reply.outcomes(0).retry_after_ms(), 1000);
  lines_.readiness = absl::UnavailableError("redis down");
  reply = bridge_.Deliver(Request({Text("$e1", "x")}));
  EXPECT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_RETRY_LATER));
  EXPECT_EQ(reply.outcomes(0).reason(), "ownership store unreachable");
}

TEST_F(MatrixToIrcTest, RecordedEventsAreSkipped) {
  ASSERT_TRUE(records_.RecordSent("$e1").ok());
  v1::DeliverReply reply = bridge_.Deliver(Request({Text("$e1", "x"), Text("$e2", "y")}));
  EXPECT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_DONE, v1::DELIVERY_OUTCOME_DONE));
  EXPECT_THAT(lines_.sent, ElementsAre("PRIVMSG #mxedge :y"));
}

TEST_F(MatrixToIrcTest, AFailedSendStopsTheBatchUnrecorded) {
  lines_.send_result = absl::UnavailableError("connection lost before the echo");
  v1::DeliverReply reply = bridge_.Deliver(Request({Text("$e1", "x"), Text("$e2", "y")}));
  EXPECT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_RETRY_LATER));
  EXPECT_EQ(reply.outcomes(0).event_id(), "$e1");
  EXPECT_FALSE(records_.WasSent("$e1").value());
  lines_.send_result = absl::OkStatus();
  lines_.queue_result = absl::ResourceExhaustedError("flood queue full");
  reply = bridge_.Deliver(Request({Text("$e1", "x")}));
  EXPECT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_RETRY_LATER));
}

TEST_F(MatrixToIrcTest, ALineNotWrittenInTimeIsRetriedLater) {
  lines_.hold = true;
  v1::DeliverReply reply = bridge_.Deliver(Request({Text("$e1", "x")}));
  EXPECT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_RETRY_LATER));
  EXPECT_FALSE(records_.WasSent("$e1").value());
  // The late completion lands in a waiter nobody waits on any more.
  ASSERT_EQ(lines_.held.size(), 1u);
  lines_.held.front()(absl::OkStatus());
}

TEST_F(MatrixToIrcTest, AClosedConnectionIsRetriedLater) {
  lines_.open = false;
  v1::DeliverReply reply = bridge_.Deliver(Request({Text("$e1", "x")}));
  EXPECT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_RETRY_LATER));
}

TEST_F(MatrixToIrcTest, WhatTheBridgeDoesNotTranslateIsDoneWithoutALine) {
  v1::MatrixEvent unmapped = Text("$e3", "x");
  unmapped.set_room_id("!other:example.org");
  v1::DeliverReply reply = bridge_.Deliver(Request({
      Event("$e1", R"({"body":"no msgtype"})"),
      Event("$e2", R"({"membership":"join"})", "m.room.member"),
      unmapped,
      Text("$e4", "\n\n"),
  }));
  EXPECT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_DONE, v1::DELIVERY_OUTCOME_DONE,
                                           v1::DELIVERY_OUTCOME_DONE, v1::DELIVERY_OUTCOME_DONE));
  EXPECT_TRUE(lines_.sent.empty());
}

TEST_F(MatrixToIrcTest, MalformedEventsAreRejectedWithAReason) {
  v1::MatrixEvent stranger = Text("$e2", "x");
  stranger.set_sender("@mallory:example.org");
  v1::DeliverReply reply = bridge_.Deliver(
      Request({Event("$e1", "{not json"), stranger, Text("$bad id", "x"), Text("$e4", "ok")}));
  EXPECT_THAT(Outcomes(reply),
              ElementsAre(v1::DELIVERY_OUTCOME_REJECTED, v1::DELIVERY_OUTCOME_REJECTED,
                          v1::DELIVERY_OUTCOME_REJECTED, v1::DELIVERY_OUTCOME_DONE));
  EXPECT_EQ(reply.outcomes(0).reason(), "content is not a JSON object");
  EXPECT_THAT(reply.outcomes(1).reason(), HasSubstr("sender"));
  EXPECT_THAT(lines_.sent, ElementsAre("PRIVMSG #mxedge :ok"));
}

TEST_F(MatrixToIrcTest, BadRoutingKeysAndUnknownNetworksAreRejected) {
  v1::DeliverRequest request = Request({Text("$e1", "x")});
  request.set_routing_key("nonetwork");
  EXPECT_THAT(Outcomes(bridge_.Deliver(request)), ElementsAre(v1::DELIVERY_OUTCOME_REJECTED));
  request.set_routing_key("libera:@alice:example.org");
  v1::DeliverReply reply = bridge_.Deliver(request);
  EXPECT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_REJECTED));
  EXPECT_THAT(reply.outcomes(0).reason(), HasSubstr("network"));
}

TEST(SplitRoutingKeyTest, SplitsAtTheFirstColon) {
  auto key = SplitRoutingKey("libera:@a:example.org");
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->first, "libera");
  EXPECT_EQ(key->second, "@a:example.org");
  EXPECT_FALSE(SplitRoutingKey(":@a:b").ok());
  EXPECT_FALSE(SplitRoutingKey("libera:").ok());
  EXPECT_FALSE(SplitRoutingKey("").ok());
}

// A bridge with MatrixOut resources, reply nicks, a fake clock and its own metrics.
class RenderingMatrixToIrcTest : public MatrixToIrcTest {
 protected:
  RenderingMatrixToIrcTest()
      : nicks_({{"local", "irc_$NETWORK_$NICK"}}, "example.org",
               [](std::string_view, std::string_view) { return std::string("someone[m]"); }),
        rendering_(lines_, records_, Channels(), Options()) {}

  MatrixToIrcOptions Options() {
    MatrixToIrcOptions options{.worker_id = "w1", .send_timeout = {}};
    options.rendering["local"] = MessageRenderSettings{.line_limit = 3};
    options.drop_after["local"] = std::chrono::minutes(5);
    options.resources = &resources_;
    options.reply_nicks = &nicks_;
    options.clock = &clock_;
    options.metrics = &metrics_;
    return options;
  }

  v1::MatrixEvent At(v1::MatrixEvent event, std::chrono::milliseconds age) {
    event.set_origin_server_ts(clock_.NowUnixMs() - age.count());
    return event;
  }

  FakeMatrixResources resources_;
  ReplyNicks nicks_;
  common::MetricsRegistry metrics_;
  MatrixToIrc rendering_;
};

TEST_F(RenderingMatrixToIrcTest, NoticesAndFormattingReachIrc) {
  v1::DeliverReply reply = rendering_.Deliver(Request({
      At(Event("$e1", R"({"msgtype":"m.notice","body":"beep"})"), std::chrono::seconds(1)),
      At(Event("$e2", R"({"msgtype":"m.text","body":"so bold","format":"org.matrix.custom.html",
                          "formatted_body":"so <strong>bold</strong>"})"),
         std::chrono::seconds(1)),
  }));
  EXPECT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_DONE, v1::DELIVERY_OUTCOME_DONE));
  EXPECT_THAT(lines_.sent, ElementsAre("NOTICE #mxedge :beep",
                                       "PRIVMSG #mxedge :so \x02"
                                       "bold\x02"));
}

TEST_F(RenderingMatrixToIrcTest, StaleEventsAreDroppedAndCounted) {
  v1::DeliverReply reply = rendering_.Deliver(Request({
      At(Text("$old", "from before the outage"), std::chrono::minutes(6)),
      At(Text("$new", "fresh"), std::chrono::minutes(4)),
  }));
  EXPECT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_DONE, v1::DELIVERY_OUTCOME_DONE));
  EXPECT_EQ(reply.outcomes(0).reason(), "stale");
  EXPECT_THAT(lines_.sent, ElementsAre("PRIVMSG #mxedge :fresh"));
  EXPECT_THAT(metrics_.RenderText(), HasSubstr("mxedge_irc_worker_matrix_stale_drops_total 1"));
}

TEST_F(RenderingMatrixToIrcTest, AFiveLineMessageIsOneEventOfOnePreviewLine) {
  v1::DeliverReply reply =
      rendering_.Deliver(Request({At(Text("$long", "1\n2\n3\n4\n5"), std::chrono::seconds(1))}));
  EXPECT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_DONE));
  ASSERT_EQ(resources_.uploads.size(), 1u);
  EXPECT_EQ(resources_.uploads[0].second, "1\n2\n3\n4\n5");
  EXPECT_THAT(
      lines_.sent,
      ElementsAre("PRIVMSG #mxedge :1… (full message: https://media.test/test/1/message.txt)"));
  EXPECT_THAT(metrics_.RenderText(), HasSubstr("mxedge_irc_worker_matrix_uploads_total 1"));
  EXPECT_TRUE(records_.WasSent("$long").value());
}

TEST_F(RenderingMatrixToIrcTest, AnUploadThatCannotBeMadeNowIsRetriedUnrecorded) {
  resources_.upload_result = absl::UnavailableError("router unreachable");
  v1::DeliverReply reply = rendering_.Deliver(
      Request({At(Text("$long", "1\n2\n3\n4"), std::chrono::seconds(1)), Text("$next", "x")}));
  EXPECT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_RETRY_LATER));
  EXPECT_TRUE(lines_.sent.empty());
  EXPECT_FALSE(records_.WasSent("$long").value());
}

TEST_F(RenderingMatrixToIrcTest, AllLinesOfAnEventMustBeWrittenBeforeItIsDone) {
  lines_.hold = true;
  MatrixToIrcOptions options = Options();
  options.send_timeout = std::chrono::milliseconds(1);
  options.metrics = nullptr;  // the fixture's bridge registered its counters there
  MatrixToIrc bridge(lines_, records_, Channels(), options);
  v1::DeliverReply reply =
      bridge.Deliver(Request({At(Text("$two", "a\nb"), std::chrono::seconds(1))}));
  EXPECT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_RETRY_LATER));
  EXPECT_EQ(lines_.sent.size(), 2u);
  EXPECT_FALSE(records_.WasSent("$two").value());
}

TEST_F(RenderingMatrixToIrcTest, RepliesAndEditsAreRendered) {
  resources_.AddEvent(kRoom, "$orig", kUser, R"({"msgtype":"m.text","body":"see you at 5"})");
  v1::DeliverReply reply = rendering_.Deliver(Request({
      At(Event("$reply",
               R"({"msgtype":"m.text","body":"> <@irc_local_bob:example.org> when?\n\nat 5",
                             "m.relates_to":{"m.in_reply_to":{"event_id":"$q"}}})"),
         std::chrono::seconds(1)),
      At(Event("$edit", R"({"msgtype":"m.text","body":"* see you at 6",
                            "m.new_content":{"msgtype":"m.text","body":"see you at 6"},
                            "m.relates_to":{"rel_type":"m.replace","event_id":"$orig"}})"),
         std::chrono::seconds(1)),
  }));
  EXPECT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_DONE, v1::DELIVERY_OUTCOME_DONE));
  EXPECT_THAT(lines_.sent, ElementsAre("PRIVMSG #mxedge :bob: at 5", "PRIVMSG #mxedge :s/5/6/"));
}

}  // namespace
}  // namespace mxedge::irc_worker
