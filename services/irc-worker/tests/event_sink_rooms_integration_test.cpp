// EventSinkService with the rooms side in front, over real gRPC on 127.0.0.1: alias queries
// create portals, deliveries reach the admin room.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "event_sink_service.hpp"
#include "fake_matrix_rooms.hpp"
#include "fake_puppets.hpp"
#include "in_memory_bridged_rooms.hpp"
#include "mxedge/ownership/in_memory_idempotency_store.hpp"
#include "mxedge/rpc/channel_factory.hpp"
#include "mxedge/rpc/rpc_server.hpp"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::irc_worker {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class EventSinkRoomsTest : public ::testing::Test {
 protected:
  EventSinkRoomsTest()
      : store_(clock_),
        records_(store_, IrcKeys("t:")),
        messages_(puppets_, records_, {}, {.worker_id = "w1"}),
        portals_(
            rooms_, matrix_,
            *bridge::PortalAliasNamer::Create(bridge::PortalAliasNamer::kDefaultTemplate, "hs"),
            Networks()),
        admin_(rooms_, matrix_, puppets_, portals_, AdminNetworks()),
        membership_(rooms_, puppets_),
        delivery_(messages_, admin_, membership_, portals_, rooms_, "w1"),
        verifier_("token"),
        service_(delivery_, portals_, verifier_, {"libera"}) {}

  static std::map<std::string, PortalNetwork, std::less<>> Networks() {
    PortalNetwork libera;
    libera.info = {.id = "libera", .displayname = "libera", .domain = "irc.libera.chat"};
    libera.bot_user_id = "@irc_libera:hs";
    std::map<std::string, PortalNetwork, std::less<>> out;
    out.emplace("libera", std::move(libera));
    return out;
  }
  static std::map<std::string, AdminNetwork, std::less<>> AdminNetworks() {
    std::map<std::string, AdminNetwork, std::less<>> out;
    out.emplace("libera", AdminNetwork{.bot_user_id = "@irc_libera:hs"});
    return out;
  }

  void SetUp() override {
    auto server =
        rpc::RpcServer::Start({.listen_address = "127.0.0.1:0", .name = "sink"}, {&service_});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = v1::EventSink::NewStub(rpc::CreateChannel({.target = server_->address()}));
  }
  void TearDown() override { server_->Shutdown(1s); }

  grpc::Status QueryAlias(std::string alias, v1::QueryAliasReply& reply) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + 5s);
    rpc::AttachBearerToken(context, "token");
    v1::QueryAliasRequest request;
    request.set_request_id("q1");
    request.set_alias(std::move(alias));
    return stub_->QueryAlias(&context, request, &reply);
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
  rpc::BearerTokenVerifier verifier_;
  EventSinkService service_;
  std::unique_ptr<rpc::RpcServer> server_;
  std::unique_ptr<v1::EventSink::Stub> stub_;
};

TEST_F(EventSinkRoomsTest, AnAliasQueryCreatesThePortal) {
  v1::QueryAliasReply reply;
  ASSERT_TRUE(QueryAlias("#irc_libera_#python:hs", reply).ok());
  EXPECT_TRUE(reply.exists());
  EXPECT_EQ(reply.room_id(), "!room1:hs");
  EXPECT_EQ(reply.request_id(), "q1");
  ASSERT_EQ(matrix_.created.size(), 1u);
  EXPECT_EQ(matrix_.created[0].alias_localpart, "irc_libera_#python");

  ASSERT_TRUE(QueryAlias("#irc_oftc_#python:hs", reply).ok());
  EXPECT_FALSE(reply.exists());
  EXPECT_EQ(matrix_.created.size(), 1u);
}

TEST_F(EventSinkRoomsTest, AHomeserverFailureAsksTheRouterToRetry) {
  matrix_.fail_next = absl::UnavailableError("create room: M_LIMIT_EXCEEDED (HTTP 429)");
  v1::QueryAliasReply reply;
  EXPECT_EQ(QueryAlias("#irc_libera_#python:hs", reply).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(EventSinkRoomsTest, DeliversAdminRoomCommands) {
  v1::DeliverRequest request;
  request.set_request_id("r1");
  request.set_room_id("!dm:hs");
  request.set_routing_key("libera:@alice:hs");
  request.set_worker_id("w1");
  v1::MatrixEvent* invite = request.add_events();
  invite->set_event_id("$invite");
  invite->set_room_id("!dm:hs");
  invite->set_sender("@alice:hs");
  invite->set_type("m.room.member");
  invite->set_state_key("@irc_libera:hs");
  invite->set_content_json(R"({"membership":"invite","is_direct":true})");
  grpc::ClientContext context;
  rpc::AttachBearerToken(context, "token");
  v1::DeliverReply reply;
  ASSERT_TRUE(stub_->Deliver(&context, request, &reply).ok());
  ASSERT_EQ(reply.outcomes_size(), 1);
  EXPECT_EQ(reply.outcomes(0).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(rooms_.AdminRoomOf("libera", "@alice:hs").value(),
            std::optional<std::string>("!dm:hs"));
  EXPECT_THAT(matrix_.NoticeBodies(), ElementsAre(HasSubstr("admin room for libera")));
}

}  // namespace
}  // namespace mxedge::irc_worker
