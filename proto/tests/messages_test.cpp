// Wire round trips of the generated messages, and the conventions every proto of the package
// keeps (checked on the descriptors, so a new message or enum is covered without a new test).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "mxedge/v1/client_api.pb.h"
#include "mxedge/v1/events.pb.h"
#include "mxedge/v1/irc_control.pb.h"
#include "mxedge/v1/matrix_out.pb.h"
#include "mxedge/v1/sink.pb.h"

namespace mxedge::v1 {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;

template <typename T>
T RoundTrip(const T& in) {
  std::string wire;
  EXPECT_TRUE(in.SerializeToString(&wire));
  T out;
  EXPECT_TRUE(out.ParseFromString(wire));
  return out;
}

std::vector<const FileDescriptor*> PackageFiles() {
  return {HttpCall::descriptor()->file(), MatrixEvent::descriptor()->file(),
          DeliverRequest::descriptor()->file(), SendRequest::descriptor()->file(),
          GetStatusRequest::descriptor()->file()};
}

TEST(HttpCallTest, RoundTripKeepsQueryOrderAndBinaryBody) {
  HttpCall call;
  call.set_request_id("req-1");
  call.set_method(HTTP_METHOD_PUT);
  call.set_path("/_matrix/client/v3/rooms/%21r%3Aex.org/send/m.room.message/t1");
  for (const auto& [k, v] :
       std::vector<std::pair<std::string, std::string>>{{"b", "2"}, {"a", "1"}, {"b", "3"}}) {
    QueryParam* p = call.add_query();
    p->set_key(k);
    p->set_value(v);
  }
  call.set_access_token("syt_secret");
  call.set_body(std::string("{\"x\":\0}", 7));
  call.set_content_type("application/json");

  HttpCall out = RoundTrip(call);
  EXPECT_EQ(out.request_id(), "req-1");
  EXPECT_EQ(out.method(), HTTP_METHOD_PUT);
  EXPECT_EQ(out.path(), call.path());
  ASSERT_EQ(out.query_size(), 3);
  EXPECT_EQ(out.query(0).key(), "b");
  EXPECT_EQ(out.query(1).key(), "a");
  EXPECT_EQ(out.query(2).value(), "3");
  EXPECT_EQ(out.access_token(), "syt_secret");
  EXPECT_EQ(out.body().size(), 7u);
  EXPECT_EQ(out.body()[5], '\0');
  EXPECT_EQ(out.content_type(), "application/json");
}

TEST(HttpResultTest, RoundTripKeepsStatusAndRetryAfter) {
  HttpResult res;
  res.set_request_id("req-2");
  res.set_status(429);
  res.set_content_type("application/json");
  res.set_body(R"({"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":1500})");
  res.set_retry_after_ms(1500);
  HttpResult out = RoundTrip(res);
  EXPECT_EQ(out.status(), 429);
  EXPECT_EQ(out.retry_after_ms(), 1500);
  EXPECT_EQ(out.body(), res.body());
}

TEST(MatrixEventTest, StateKeyPresenceSurvivesRoundTrip) {
  MatrixEvent message;
  message.set_event_id("$m");
  message.set_type("m.room.message");
  MatrixEvent state;
  state.set_event_id("$s");
  state.set_type("m.room.name");
  state.set_state_key("");  // an empty state key is still a state event
  state.set_origin_server_ts(1700000000123);

  EXPECT_FALSE(RoundTrip(message).has_state_key());
  MatrixEvent out = RoundTrip(state);
  EXPECT_TRUE(out.has_state_key());
  EXPECT_EQ(out.state_key(), "");
  EXPECT_EQ(out.origin_server_ts(), 1700000000123);
}

TEST(DeliverRequestTest, RoundTripKeepsEventOrder) {
  DeliverRequest req;
  req.set_request_id("d-1");
  req.set_room_id("!r:ex.org");
  req.set_routing_key("libera:@alice:ex.org");
  req.set_worker_id("irc-worker-0");
  req.set_attempt(2);
  for (int i = 0; i < 5; ++i) {
    MatrixEvent* e = req.add_events();
    e->set_event_id("$e" + std::to_string(i));
    e->set_room_id(req.room_id());
    e->set_content_json(R"({"body":"hi"})");
  }
  req.add_ephemeral()->set_type("m.typing");

  DeliverRequest out = RoundTrip(req);
  EXPECT_EQ(out.worker_id(), "irc-worker-0");
  EXPECT_EQ(out.attempt(), 2u);
  ASSERT_EQ(out.events_size(), 5);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(out.events(i).event_id(), "$e" + std::to_string(i));
  }
  EXPECT_EQ(out.ephemeral(0).type(), "m.typing");
}

TEST(DeliverReplyTest, RoundTripKeepsEveryOutcome) {
  DeliverReply reply;
  const std::vector<DeliveryOutcome> outcomes = {
      DELIVERY_OUTCOME_DONE, DELIVERY_OUTCOME_RETRY_LATER, DELIVERY_OUTCOME_REJECTED,
      DELIVERY_OUTCOME_NOT_MINE};
  for (DeliveryOutcome o : outcomes) {
    EventOutcome* e = reply.add_outcomes();
    e->set_event_id("$" + DeliveryOutcome_Name(o));
    e->set_outcome(o);
  }
  reply.mutable_outcomes(2)->set_reason("unsupported event type");
  reply.mutable_outcomes(1)->set_retry_after_ms(250);

  DeliverReply out = RoundTrip(reply);
  ASSERT_EQ(out.outcomes_size(), 4);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(out.outcomes(i).outcome(), outcomes[i]);
  }
  EXPECT_EQ(out.outcomes(2).reason(), "unsupported event type");
  EXPECT_EQ(out.outcomes(1).retry_after_ms(), 250);
}

TEST(ThirdPartyProtocolReplyTest, RoundTripKeepsMapsAndInstances) {
  ThirdPartyProtocolReply reply;
  reply.add_user_fields("network");
  reply.add_user_fields("nickname");
  (*reply.mutable_field_types())["nickname"].set_regexp("[^\\s]+");
  ThirdPartyProtocolInstance* inst = reply.add_instances();
  inst->set_network_id("libera");
  (*inst->mutable_fields())["network"] = "irc.libera.chat";

  ThirdPartyProtocolReply out = RoundTrip(reply);
  ASSERT_EQ(out.user_fields_size(), 2);
  EXPECT_EQ(out.user_fields(1), "nickname");
  EXPECT_EQ(out.field_types().at("nickname").regexp(), "[^\\s]+");
  EXPECT_EQ(out.instances(0).fields().at("network"), "irc.libera.chat");
}

TEST(SendRequestTest, OptionalTimestampAndErrorRoundTrip) {
  SendRequest req;
  req.set_as_user("@irc_bob:ex.org");
  req.set_idempotency_key("libera:msgid:abc");
  EXPECT_FALSE(RoundTrip(req).has_timestamp_ms());
  req.set_timestamp_ms(0);
  EXPECT_TRUE(RoundTrip(req).has_timestamp_ms());

  SendReply reply;
  reply.mutable_error()->set_errcode("M_LIMIT_EXCEEDED");
  reply.mutable_error()->set_http_status(429);
  reply.mutable_error()->set_retry_after_ms(2000);
  SendReply out = RoundTrip(reply);
  EXPECT_TRUE(out.has_error());
  EXPECT_EQ(out.error().errcode(), "M_LIMIT_EXCEEDED");
  EXPECT_EQ(out.error().retry_after_ms(), 2000);
  EXPECT_FALSE(RoundTrip(SendReply()).has_error());
}

TEST(CreateRoomRequestTest, RoundTripKeepsInitialStateOrder) {
  CreateRoomRequest req;
  req.set_alias_localpart("irc_libera_#matrix");
  req.set_preset(ROOM_PRESET_PUBLIC_CHAT);
  req.set_visibility(ROOM_VISIBILITY_PUBLIC);
  for (const char* type : {"m.room.join_rules", "m.room.history_visibility", "m.bridge"}) {
    req.add_initial_state()->set_type(type);
  }
  CreateRoomRequest out = RoundTrip(req);
  ASSERT_EQ(out.initial_state_size(), 3);
  EXPECT_EQ(out.initial_state(2).type(), "m.bridge");
  EXPECT_EQ(out.preset(), ROOM_PRESET_PUBLIC_CHAT);
  EXPECT_EQ(out.visibility(), ROOM_VISIBILITY_PUBLIC);
}

TEST(GetStatusReplyTest, RoundTripKeepsConnections) {
  GetStatusReply reply;
  reply.set_worker_id("w1");
  reply.set_draining(true);
  ConnectionStatus* c = reply.add_connections();
  c->set_network("libera");
  c->set_state(CONNECTION_STATE_READY);
  c->add_channels("#a");
  c->add_channels("#b");
  c->set_lag_ms(42);
  GetStatusReply out = RoundTrip(reply);
  EXPECT_TRUE(out.draining());
  ASSERT_EQ(out.connections_size(), 1);
  EXPECT_EQ(out.connections(0).state(), CONNECTION_STATE_READY);
  EXPECT_EQ(out.connections(0).channels(1), "#b");
  EXPECT_EQ(out.connections(0).lag_ms(), 42);
}

TEST(ParseTest, RejectsTruncatedAndGarbageInput) {
  HttpCall call;
  call.set_path("/_matrix/client/versions");
  call.set_body(std::string(100, 'x'));
  std::string wire = call.SerializeAsString();
  HttpCall out;
  EXPECT_FALSE(out.ParseFromString(wire.substr(0, wire.size() - 10)));
  EXPECT_FALSE(
      out.ParseFromString(std::string("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 11)));
  EXPECT_TRUE(out.ParseFromString(wire));
}

TEST(ConventionsTest, EveryEnumStartsWithUnspecified) {
  int enums = 0;
  for (const FileDescriptor* file : PackageFiles()) {
    EXPECT_EQ(file->package(), "mxedge.v1");
    for (int i = 0; i < file->enum_type_count(); ++i) {
      const auto* e = file->enum_type(i);
      ++enums;
      ASSERT_GT(e->value_count(), 0);
      const auto* zero = e->FindValueByNumber(0);
      ASSERT_NE(zero, nullptr) << e->full_name();
      EXPECT_TRUE(zero->name().ends_with("_UNSPECIFIED")) << e->full_name();
      EXPECT_EQ(e->value(0)->number(), 0) << e->full_name();
    }
  }
  EXPECT_GE(enums, 6);
}

TEST(ConventionsTest, EveryRpcRequestCarriesRequestId) {
  int methods = 0;
  for (const FileDescriptor* file : PackageFiles()) {
    for (int s = 0; s < file->service_count(); ++s) {
      const auto* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        ++methods;
        for (const Descriptor* d :
             {service->method(m)->input_type(), service->method(m)->output_type()}) {
          const FieldDescriptor* id = d->FindFieldByName("request_id");
          ASSERT_NE(id, nullptr) << d->full_name();
          EXPECT_EQ(id->number(), 1) << d->full_name();
          EXPECT_EQ(id->type(), FieldDescriptor::TYPE_STRING) << d->full_name();
        }
      }
    }
  }
  // ClientApi 1 + EventSink 5 + MatrixOut 15 + IrcControl 4.
  EXPECT_EQ(methods, 25);
}

TEST(ConventionsTest, MatrixOutRepliesCarryMatrixError) {
  const auto* service = SendRequest::descriptor()->file()->FindServiceByName("MatrixOut");
  ASSERT_NE(service, nullptr);
  for (int m = 0; m < service->method_count(); ++m) {
    const FieldDescriptor* error = service->method(m)->output_type()->FindFieldByName("error");
    ASSERT_NE(error, nullptr) << service->method(m)->name();
    EXPECT_EQ(error->message_type(), MatrixError::descriptor()) << service->method(m)->name();
  }
}

}  // namespace
}  // namespace mxedge::v1
