#include "event_sink_service.hpp"

#include <gtest/gtest.h>

#include "mxedge/ownership/in_memory_idempotency_store.hpp"
#include "mxedge/rpc/channel_factory.hpp"
#include "mxedge/rpc/rpc_server.hpp"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::irc_worker {
namespace {

using namespace std::chrono_literals;

// A ready connection that writes every line at once.
class WritingPuppetLines : public PuppetLines {
 public:
  absl::StatusOr<PuppetReadiness> Prepare(std::string_view, std::string_view) override {
    return PuppetReadiness::kReady;
  }
  absl::StatusOr<std::string> RelaySource(std::string_view, std::string_view) override {
    return std::string("alice!alice@host");
  }
  absl::Status Send(std::string_view, std::string_view, std::string line, Done done) override {
    std::lock_guard<std::mutex> lock(mu);
    lines.push_back(std::move(line));
    done(absl::OkStatus());
    return absl::OkStatus();
  }
  std::mutex mu;
  std::vector<std::string> lines;
};

class EventSinkServiceTest : public ::testing::Test {
 protected:
  EventSinkServiceTest()
      : store_(clock_),
        records_(store_, IrcKeys("t:")),
        bridge_(lines_, records_, Channels(), {.worker_id = "w1"}),
        verifier_("token"),
        service_(bridge_, verifier_, {"local"}) {}

  static std::map<std::string, ChannelMapping, std::less<>> Channels() {
    std::map<std::string, ChannelMapping, std::less<>> channels;
    channels.emplace("local", ChannelMapping::Parse({"#mxedge=!room:example.org"}).value());
    return channels;
  }

  void SetUp() override {
    auto server =
        rpc::RpcServer::Start({.listen_address = "127.0.0.1:0", .name = "sink"}, {&service_});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = v1::EventSink::NewStub(rpc::CreateChannel({.target = server_->address()}));
  }
  void TearDown() override { server_->Shutdown(1s); }

  grpc::Status Deliver(const v1::DeliverRequest& request, v1::DeliverReply& reply,
                       std::string_view token = "token") {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + 5s);
    rpc::AttachBearerToken(context, token);
    return stub_->Deliver(&context, request, &reply);
  }

  static v1::DeliverRequest Request() {
    v1::DeliverRequest request;
    request.set_request_id("req-1");
    request.set_room_id("!room:example.org");
    request.set_routing_key("local:@alice:example.org");
    request.set_worker_id("w1");
    v1::MatrixEvent* event = request.add_events();
    event->set_event_id("$e1");
    event->set_room_id("!room:example.org");
    event->set_sender("@alice:example.org");
    event->set_type("m.room.message");
    event->set_content_json(R"({"msgtype":"m.text","body":"over grpc"})");
    return request;
  }

  mxedge::testing::FakeClock clock_;
  ownership::InMemoryIdempotencyStore store_;
  DeliveryRecords records_;
  WritingPuppetLines lines_;
  MatrixToIrc bridge_;
  rpc::BearerTokenVerifier verifier_;
  EventSinkService service_;
  std::unique_ptr<rpc::RpcServer> server_;
  std::unique_ptr<v1::EventSink::Stub> stub_;
};

TEST_F(EventSinkServiceTest, DeliversOverGrpcAndAnswersPerEvent) {
  v1::DeliverReply reply;
  grpc::Status status = Deliver(Request(), reply);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(reply.request_id(), "req-1");
  ASSERT_EQ(reply.outcomes_size(), 1);
  EXPECT_EQ(reply.outcomes(0).event_id(), "$e1");
  EXPECT_EQ(reply.outcomes(0).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(lines_.lines, std::vector<std::string>{"PRIVMSG #mxedge :over grpc"});
  // A redelivery (e.g. after a takeover) is acknowledged without a second line.
  ASSERT_TRUE(Deliver(Request(), reply).ok());
  EXPECT_EQ(reply.outcomes(0).outcome(), v1::DELIVERY_OUTCOME_DONE);
  EXPECT_EQ(lines_.lines.size(), 1u);
}

TEST_F(EventSinkServiceTest, RefusesCallsWithoutTheToken) {
  v1::DeliverReply reply;
  EXPECT_EQ(Deliver(Request(), reply, "wrong").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(lines_.lines.empty());
}

TEST_F(EventSinkServiceTest, AnswersTheIrcProtocolAndNothingElse) {
  grpc::ClientContext context;
  rpc::AttachBearerToken(context, "token");
  v1::ThirdPartyProtocolRequest request;
  request.set_protocol("irc");
  v1::ThirdPartyProtocolReply reply;
  ASSERT_TRUE(stub_->ThirdPartyProtocol(&context, request, &reply).ok());
  ASSERT_EQ(reply.instances_size(), 1);
  EXPECT_EQ(reply.instances(0).network_id(), "local");
  grpc::ClientContext other;
  rpc::AttachBearerToken(other, "token");
  request.set_protocol("xmpp");
  EXPECT_EQ(stub_->ThirdPartyProtocol(&other, request, &reply).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace mxedge::irc_worker
