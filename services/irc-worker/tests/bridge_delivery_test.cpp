#include "bridge_delivery.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "fake_matrix_rooms.hpp"
#include "fake_puppets.hpp"
#include "fake_room_members.hpp"
#include "fake_room_state.hpp"
#include "in_memory_bridged_rooms.hpp"
#include "in_memory_channel_receivers.hpp"
#include "in_memory_puppet_nicks.hpp"
#include "mxedge/ownership/in_memory_idempotency_store.hpp"
#include "mxedge/testing/fake_clock.hpp"
#include "portal_directory.hpp"

namespace mxedge::irc_worker {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kUser[] = "@alice:hs";
constexpr char kBot[] = "@irc_libera:hs";

v1::MatrixEvent Event(std::string id, std::string room, std::string type, nlohmann::json content,
                      std::optional<std::string> state_key = std::nullopt) {
  v1::MatrixEvent event;
  event.set_event_id(std::move(id));
  event.set_room_id(std::move(room));
  event.set_sender(kUser);
  event.set_type(std::move(type));
  event.set_content_json(content.dump());
  if (state_key.has_value()) {
    event.set_state_key(*state_key);
  }
  return event;
}

v1::MatrixEvent Text(std::string id, std::string room, std::string body) {
  return Event(std::move(id), std::move(room), "m.room.message",
               {{"msgtype", "m.text"}, {"body", std::move(body)}});
}

v1::MatrixEvent Member(std::string id, std::string room, std::string membership) {
  return Event(std::move(id), std::move(room), "m.room.member", {{"membership", membership}},
               kUser);
}

class BridgeDeliveryTest : public ::testing::Test {
 protected:
  BridgeDeliveryTest()
      : store_(clock_),
        records_(store_, IrcKeys("t:")),
        messages_(puppets_, records_, Channels(rooms_), {.worker_id = "w1", .send_timeout = {}}),
        portals_(
            rooms_, matrix_,
            *bridge::PortalAliasNamer::Create(bridge::PortalAliasNamer::kDefaultTemplate, "hs"),
            PortalNetworks()),
        admin_(rooms_, matrix_, puppets_, portals_, AdminNetworks()),
        membership_(rooms_, puppets_),
        delivery_(messages_, admin_, membership_, portals_, rooms_, "w1") {}

  static std::map<std::string, ChannelMapping, std::less<>> Channels(BridgedRooms& rooms) {
    ChannelMapping mapping = *ChannelMapping::Parse({"#static=!static:hs"});
    mapping.SetPortals("libera", std::make_shared<PortalDirectory>(rooms));
    std::map<std::string, ChannelMapping, std::less<>> channels;
    channels.emplace("libera", std::move(mapping));
    return channels;
  }
  static std::map<std::string, PortalNetwork, std::less<>> PortalNetworks() {
    PortalNetwork libera;
    libera.info = {.id = "libera", .displayname = "libera", .domain = "irc.libera.chat"};
    libera.bot_user_id = kBot;
    libera.static_channels = *ChannelMapping::Parse({"#static=!static:hs"});
    std::map<std::string, PortalNetwork, std::less<>> out;
    out.emplace("libera", std::move(libera));
    return out;
  }
  static std::map<std::string, AdminNetwork, std::less<>> AdminNetworks() {
    std::map<std::string, AdminNetwork, std::less<>> out;
    out.emplace("libera", AdminNetwork{.bot_user_id = kBot});
    return out;
  }

  v1::DeliverReply Deliver(std::string room, std::vector<v1::MatrixEvent> events,
                           std::string worker = "w1") {
    v1::DeliverRequest request;
    request.set_request_id("req");
    request.set_room_id(std::move(room));
    request.set_routing_key(std::string("libera:") + kUser);
    request.set_worker_id(std::move(worker));
    for (v1::MatrixEvent& e : events) {
      *request.add_events() = std::move(e);
    }
    return delivery_.Deliver(request);
  }

  static std::vector<v1::DeliveryOutcome> Outcomes(const v1::DeliverReply& reply) {
    std::vector<v1::DeliveryOutcome> out;
    for (const v1::EventOutcome& o : reply.outcomes()) {
      out.push_back(o.outcome());
    }
    return out;
  }

  mxedge::testing::FakeClock clock_;
  ownership::InMemoryIdempotencyStore store_;
  DeliveryRecords records_;
  InMemoryBridgedRooms rooms_;
  FakeMatrixRooms matrix_;
  FakePuppets puppets_;
  MatrixToIrc messages_;
  PortalCreator portals_;
  AdminRoom admin_;
  PortalMembership membership_;
  BridgeDelivery delivery_;
};

TEST_F(BridgeDeliveryTest, APortalJoinJoinsTheChannelAndItsMessagesAreBridged) {
  std::optional<std::string> portal = portals_.OnAliasQuery("#irc_libera_#python:hs").value();
  ASSERT_TRUE(portal.has_value());
  v1::DeliverReply reply =
      Deliver(*portal, {Member("$join", *portal, "join"), Text("$hi", *portal, "hello")});
  EXPECT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_DONE, v1::DELIVERY_OUTCOME_DONE));
  EXPECT_EQ(reply.outcomes(0).event_id(), "$join");
  EXPECT_EQ(reply.outcomes(1).event_id(), "$hi");
  EXPECT_THAT(puppets_.lines, ElementsAre("libera @alice:hs JOIN #python",
                                          "libera @alice:hs PRIVMSG #python :hello"));
  reply = Deliver(*portal, {Member("$leave", *portal, "leave")});
  EXPECT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_DONE));
  EXPECT_EQ(puppets_.lines.back(), "libera @alice:hs PART #python");
  EXPECT_TRUE(rooms_.UserChannels("libera", kUser).value().empty());
}

TEST_F(BridgeDeliveryTest, StaticRoomsJoinTheirChannelToo) {
  v1::DeliverReply reply = Deliver("!static:hs", {Member("$join", "!static:hs", "join")});
  EXPECT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_DONE));
  EXPECT_THAT(puppets_.lines, ElementsAre("libera @alice:hs JOIN #static"));
}

TEST_F(BridgeDeliveryTest, AdminRoomEventsGoToTheAdminRoom) {
  v1::DeliverReply reply =
      Deliver("!dm:hs", {Event("$invite", "!dm:hs", "m.room.member",
                               {{"membership", "invite"}, {"is_direct", true}}, kBot)});
  EXPECT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_DONE));
  reply = Deliver("!dm:hs", {Text("$j", "!dm:hs", "!join #rust"), Text("$h", "!dm:hs", "!help")});
  EXPECT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_DONE, v1::DELIVERY_OUTCOME_DONE));
  // The command is not sent to IRC as a message.
  EXPECT_THAT(puppets_.lines, ElementsAre("libera @alice:hs JOIN #rust"));
  EXPECT_THAT(matrix_.NoticeBodies(),
              ElementsAre(HasSubstr("admin room"), HasSubstr("Joining #rust"), HasSubstr("!join")));
}

TEST_F(BridgeDeliveryTest, TheFirstEventThatMustWaitEndsTheReply) {
  std::optional<std::string> portal = portals_.OnAliasQuery("#irc_libera_#python:hs").value();
  puppets_.readiness = PuppetReadiness::kConnecting;
  v1::DeliverReply reply =
      Deliver(*portal, {Member("$join", *portal, "join"), Text("$hi", *portal, "hello")});
  EXPECT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_RETRY_LATER));
  EXPECT_TRUE(puppets_.lines.empty());
}

TEST_F(BridgeDeliveryTest, ARequestForAnotherWorkerIsNotMine) {
  v1::DeliverReply reply = Deliver("!dm:hs", {Text("$h", "!dm:hs", "!help")}, "w2");
  EXPECT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_NOT_MINE));
  EXPECT_TRUE(matrix_.notices.empty());
}

// With MatrixModeration in front: moderation events share the messages' order and records.
class BridgeDeliveryModerationTest : public BridgeDeliveryTest {
 protected:
  BridgeDeliveryModerationTest()
      : rosters_(nicks_, receivers_, members_, state_, Channels(rooms_), RosterOptions()),
        moderation_(puppets_, rosters_, rooms_, matrix_, Channels(rooms_), {{"libera", kBot}},
                    {.records = &records_, .send_timeout = {}}) {
    delivery_.SetModeration(&moderation_);
  }

  static IrcMembershipOptions RosterOptions() {
    IrcMembershipOptions options;
    options.worker_id = "w1";
    options.server_name = "hs";
    options.networks.emplace("libera", IrcMembershipNetwork{.bot_user_id = kBot});
    return options;
  }

  InMemoryPuppetNicks nicks_;
  InMemoryChannelReceivers receivers_{clock_};
  FakeRoomMembers members_;
  FakeRoomState state_;
  IrcMembership rosters_;
  MatrixModeration moderation_;
};

TEST_F(BridgeDeliveryModerationTest, ATopicBetweenMessagesIsWrittenInOrderAndOnlyOnce) {
  auto events = [] {
    return std::vector<v1::MatrixEvent>{
        Text("$a", "!static:hs", "before"),
        Event("$t", "!static:hs", "m.room.topic", {{"topic", "news"}}, ""),
        Text("$b", "!static:hs", "after")};
  };
  v1::DeliverReply reply = Deliver("!static:hs", events());
  EXPECT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_DONE, v1::DELIVERY_OUTCOME_DONE,
                                           v1::DELIVERY_OUTCOME_DONE));
  EXPECT_THAT(puppets_.lines, ElementsAre("libera @alice:hs PRIVMSG #static :before",
                                          "libera @alice:hs TOPIC #static news",
                                          "libera @alice:hs PRIVMSG #static :after"));
  EXPECT_TRUE(records_.WasSent("$t").value());
  // Delivered again (a takeover): every event is done, nothing is written twice.
  reply = Deliver("!static:hs", events());
  EXPECT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_DONE, v1::DELIVERY_OUTCOME_DONE,
                                           v1::DELIVERY_OUTCOME_DONE));
  EXPECT_EQ(puppets_.lines.size(), 3u);
}

TEST_F(BridgeDeliveryModerationTest, AModerationEventThatMustWaitEndsTheReply) {
  puppets_.readiness = absl::UnavailableError("ownership store down");
  v1::DeliverReply reply =
      Deliver("!static:hs", {Event("$t", "!static:hs", "m.room.topic", {{"topic", "news"}}, ""),
                             Text("$b", "!static:hs", "after")});
  EXPECT_THAT(Outcomes(reply), ElementsAre(v1::DELIVERY_OUTCOME_RETRY_LATER));
  EXPECT_EQ(reply.outcomes(0).event_id(), "$t");
  EXPECT_TRUE(puppets_.lines.empty());
}

}  // namespace
}  // namespace mxedge::irc_worker
