// MatrixOut over real gRPC against the FakeHomeserver.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "grpc_router_fixture.hpp"
#include "mxedge/common/request_id.hpp"
#include "mxedge/http/percent_encoding.hpp"

namespace mxedge::appservice_router {
namespace {

class MatrixOutIntegrationTest : public GrpcRouterFixture {
 protected:
  void SetUp() override {
    GrpcRouterFixture::SetUp();
    room_ = homeserver_.CreateRoom(homeserver_.sender());
  }

  v1::SendReply Send(const std::string& as_user, const std::string& key,
                     grpc::Status* status_out = nullptr) {
    v1::SendRequest request;
    request.set_request_id("req-" + key);
    request.set_as_user(as_user);
    request.set_room_id(room_);
    request.set_event_type("m.room.message");
    request.set_content_json(R"({"msgtype":"m.text","body":"hello"})");
    request.set_idempotency_key(key);
    request.set_timestamp_ms(1'700'000'000'000);
    grpc::ClientContext context;
    Prepare(context);
    v1::SendReply reply;
    grpc::Status status = matrix_out_->Send(&context, request, &reply);
    if (status_out != nullptr) {
      *status_out = status;
    } else {
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    return reply;
  }

  v1::JoinReply Join(const std::string& as_user, const std::string& room) {
    v1::JoinRequest request;
    request.set_as_user(as_user);
    request.set_room_id_or_alias(room);
    grpc::ClientContext context;
    Prepare(context);
    v1::JoinReply reply;
    grpc::Status status = matrix_out_->Join(&context, request, &reply);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return reply;
  }

  std::string room_;
};

TEST_F(MatrixOutIntegrationTest, RegistersAndTreatsUserInUseAsSuccess) {
  const std::string alice = User("irc_alice");
  EXPECT_TRUE(Join(alice, room_).error().errcode().empty());
  EXPECT_TRUE(homeserver_.IsRegistered(alice));

  const std::string bob = User("irc_bob");
  homeserver_.RegisterUser(bob);  // already registered: /register answers M_USER_IN_USE
  v1::JoinReply reply = Join(bob, room_);
  EXPECT_TRUE(reply.error().errcode().empty()) << reply.error().error();
  EXPECT_EQ(reply.room_id(), room_);
  EXPECT_EQ(homeserver_.RequestsTo("POST", "/register").size(), 2u);

  // Registration is cached: a second intent does not register again.
  Join(bob, room_);
  EXPECT_EQ(homeserver_.RequestsTo("POST", "/register").size(), 2u);
}

TEST_F(MatrixOutIntegrationTest, JoinsAsTheUser) {
  const std::string alice = User("irc_alice");
  v1::JoinReply reply = Join(alice, room_);
  EXPECT_EQ(reply.room_id(), room_);
  EXPECT_EQ(homeserver_.JoinedMembers(room_).count(alice), 1u);
  auto joins = homeserver_.RequestsTo("POST", "/join");
  ASSERT_FALSE(joins.empty());
  EXPECT_EQ(joins.back().query.find("user_id")->second, alice);
}

TEST_F(MatrixOutIntegrationTest, SendWithTheSameKeyIsOneEvent) {
  const std::string alice = User("irc_alice");
  v1::SendReply first = Send(alice, "irc-line-1");
  v1::SendReply again = Send(alice, "irc-line-1");
  ASSERT_TRUE(first.error().errcode().empty()) << first.error().error();
  EXPECT_FALSE(first.event_id().empty());
  EXPECT_EQ(first.event_id(), again.event_id());
  EXPECT_EQ(first.request_id(), "req-irc-line-1");
  v1::SendReply other = Send(alice, "irc-line-2");
  EXPECT_NE(other.event_id(), first.event_id());

  auto sends = homeserver_.RequestsTo("PUT", "/send/m.room.message/irc-line-1");
  ASSERT_EQ(sends.size(), 2u);
  EXPECT_EQ(sends[0].query.find("user_id")->second, alice);
  EXPECT_EQ(sends[0].query.find("ts")->second, "1700000000000");
  EXPECT_EQ(http::FindHeader(sends[0].headers, "X-Request-Id").value_or(""), "req-irc-line-1");
  auto event = homeserver_.Event(first.event_id());
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ((*event)["sender"], alice);
  // Joined once, before the first send; the membership is cached afterwards.
  EXPECT_EQ(homeserver_.RequestsTo("POST", "/join").size(), 1u);
}

TEST_F(MatrixOutIntegrationTest, NeverForwardsAnUnsafeRequestId) {
  v1::JoinRequest request;
  request.set_request_id("evil\r\nX-Injected: 1");
  request.set_room_id_or_alias(room_);
  grpc::ClientContext context;
  Prepare(context);
  v1::JoinReply reply;
  ASSERT_TRUE(matrix_out_->Join(&context, request, &reply).ok());
  EXPECT_EQ(reply.request_id(), "evil\r\nX-Injected: 1");
  EXPECT_EQ(reply.room_id(), room_);
  auto joins = homeserver_.RequestsTo("POST", "/join");
  ASSERT_EQ(joins.size(), 1u);
  std::string sent = http::FindHeader(joins[0].headers, "X-Request-Id").value_or("");
  EXPECT_TRUE(common::IsAcceptableRequestId(sent)) << sent;
  EXPECT_FALSE(http::FindHeader(joins[0].headers, "X-Injected").has_value());
}

TEST_F(MatrixOutIntegrationTest, RateLimitComesBackWithItsRetryHint) {
  const std::string alice = User("irc_alice");
  Join(alice, room_);
  homeserver_.FailNext("/send/", 1,
                       {.status = 429, .errcode = "M_LIMIT_EXCEEDED", .retry_after_ms = 2500});
  v1::SendReply reply = Send(alice, "limited-1");
  EXPECT_EQ(reply.error().errcode(), "M_LIMIT_EXCEEDED");
  EXPECT_EQ(reply.error().http_status(), 429);
  EXPECT_EQ(reply.error().retry_after_ms(), 2500);
  EXPECT_TRUE(reply.event_id().empty());
}

TEST_F(MatrixOutIntegrationTest, KeepsTheHomeserversErrcode) {
  v1::JoinReply reply = Join(User("irc_alice"), "!missing:" + homeserver_.options().server_name);
  EXPECT_EQ(reply.error().errcode(), "M_NOT_FOUND");
  EXPECT_EQ(reply.error().http_status(), 404);

  homeserver_.FailNext("/send/", 1, {.status = 403, .errcode = "M_FORBIDDEN"});
  v1::SendReply send = Send(User("irc_alice"), "forbidden-1");
  EXPECT_EQ(send.error().errcode(), "M_FORBIDDEN");
  EXPECT_EQ(send.error().http_status(), 403);
}

TEST_F(MatrixOutIntegrationTest, JoinsAgainWhenTheUserIsNoLongerInTheRoom) {
  const std::string alice = User("irc_alice");
  ASSERT_TRUE(Send(alice, "before-leave").error().errcode().empty());
  // The user leaves behind the router's back (e.g. kicked by a moderator).
  http::ClientRequest leave;
  leave.method = "POST";
  leave.url = homeserver_.base_url() + "/_matrix/client/v3/rooms/" + http::PercentEncode(room_) +
              "/leave?user_id=" + http::PercentEncode(alice);
  leave.headers.emplace("Authorization", "Bearer " + homeserver_.options().as_token);
  leave.headers.emplace("Content-Type", "application/json");
  leave.body = "{}";
  auto left = http_.Send(leave);
  ASSERT_TRUE(left.ok() && left->status == 200);
  ASSERT_EQ(homeserver_.JoinedMembers(room_).count(alice), 0u);

  v1::SendReply reply = Send(alice, "after-leave");
  EXPECT_TRUE(reply.error().errcode().empty()) << reply.error().error();
  EXPECT_FALSE(reply.event_id().empty());
  EXPECT_EQ(homeserver_.RequestsTo("POST", "/join").size(), 2u);
}

TEST_F(MatrixOutIntegrationTest, RefusesUsersOutsideTheNamespaceAndMalformedRequests) {
  grpc::Status status;
  Send("@someone:elsewhere.example", "k1", &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  Send("not a user", "k2", &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  Send(User("irc_alice"), "", &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  v1::SendRequest bad_json;
  bad_json.set_room_id(room_);
  bad_json.set_event_type("m.room.message");
  bad_json.set_idempotency_key("k3");
  bad_json.set_content_json("[1,2]");
  grpc::ClientContext context;
  Prepare(context);
  v1::SendReply reply;
  EXPECT_EQ(matrix_out_->Send(&context, bad_json, &reply).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(homeserver_.RequestsTo("PUT", "/send/").empty());
}

TEST_F(MatrixOutIntegrationTest, RefusesAMissingInternalToken) {
  v1::SendRequest request;
  grpc::ClientContext context;
  rpc::PrepareCallContext(context, {.deadline = std::chrono::seconds(10)});
  v1::SendReply reply;
  EXPECT_EQ(matrix_out_->Send(&context, request, &reply).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  grpc::ClientContext wrong;
  Prepare(wrong, "wrong");
  v1::JoinReply join_reply;
  EXPECT_EQ(matrix_out_->Join(&wrong, v1::JoinRequest(), &join_reply).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(homeserver_.requests().empty());
}

TEST_F(MatrixOutIntegrationTest, SetsProfileStateAndListsMembers) {
  const std::string alice = User("irc_alice");
  v1::SetProfileRequest profile;
  profile.set_as_user(alice);
  profile.set_display_name("alice (IRC)");
  grpc::ClientContext c1;
  Prepare(c1);
  v1::SetProfileReply profile_reply;
  ASSERT_TRUE(matrix_out_->SetProfile(&c1, profile, &profile_reply).ok());
  EXPECT_TRUE(profile_reply.error().errcode().empty()) << profile_reply.error().error();
  EXPECT_EQ(homeserver_.DisplayName(alice).value_or(""), "alice (IRC)");

  v1::SetStateRequest state;
  state.set_room_id(room_);
  state.set_event_type("m.room.topic");
  state.set_content_json(R"({"topic":"bridged"})");
  grpc::ClientContext c2;
  Prepare(c2);
  v1::SetStateReply state_reply;
  ASSERT_TRUE(matrix_out_->SetState(&c2, state, &state_reply).ok());
  EXPECT_TRUE(state_reply.error().errcode().empty()) << state_reply.error().error();
  EXPECT_FALSE(state_reply.event_id().empty());

  Join(alice, room_);
  v1::GetJoinedMembersRequest members;
  members.set_room_id(room_);
  grpc::ClientContext c3;
  Prepare(c3);
  v1::GetJoinedMembersReply members_reply;
  ASSERT_TRUE(matrix_out_->GetJoinedMembers(&c3, members, &members_reply).ok());
  std::set<std::string> ids;
  for (const auto& member : members_reply.members()) {
    ids.insert(member.user_id());
  }
  EXPECT_EQ(ids.count(alice), 1u);
  EXPECT_EQ(ids.count(homeserver_.sender()), 1u);
}

TEST_F(MatrixOutIntegrationTest, ReadsStateBackAndAnswersNotFoundForAbsentState) {
  v1::SetStateRequest state;
  state.set_room_id(room_);
  state.set_event_type("m.room.power_levels");
  state.set_content_json(R"({"users":{"@irc_alice:localhost":50},"users_default":0})");
  grpc::ClientContext c1;
  Prepare(c1);
  v1::SetStateReply state_reply;
  ASSERT_TRUE(matrix_out_->SetState(&c1, state, &state_reply).ok());
  ASSERT_TRUE(state_reply.error().errcode().empty()) << state_reply.error().error();

  v1::GetStateRequest get;
  get.set_request_id("req-get-state");
  get.set_room_id(room_);
  get.set_event_type("m.room.power_levels");
  grpc::ClientContext c2;
  Prepare(c2);
  v1::GetStateReply reply;
  ASSERT_TRUE(matrix_out_->GetState(&c2, get, &reply).ok());
  EXPECT_EQ(reply.request_id(), "req-get-state");
  EXPECT_TRUE(reply.error().errcode().empty()) << reply.error().error();
  nlohmann::json content = nlohmann::json::parse(reply.content_json());
  EXPECT_EQ(content["users"]["@irc_alice:localhost"], 50);
  auto reads = homeserver_.RequestsTo("GET", "/state/m.room.power_levels");
  EXPECT_EQ(reads.size(), 1u);

  get.set_event_type("m.room.topic");
  grpc::ClientContext c3;
  Prepare(c3);
  v1::GetStateReply absent;
  ASSERT_TRUE(matrix_out_->GetState(&c3, get, &absent).ok());
  EXPECT_EQ(absent.error().errcode(), "M_NOT_FOUND");
  EXPECT_EQ(absent.error().http_status(), 404);
  EXPECT_TRUE(absent.content_json().empty());

  get.set_event_type("");
  grpc::ClientContext c4;
  Prepare(c4);
  v1::GetStateReply invalid;
  EXPECT_EQ(matrix_out_->GetState(&c4, get, &invalid).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(MatrixOutIntegrationTest, CreatesResolvesInvitesKicksAndReadsBack) {
  const std::string alice = User("irc_alice");
  const std::string bob = User("irc_bob");
  v1::CreateRoomRequest create;
  create.set_as_user(alice);
  create.set_alias_localpart("irc_net_#chan");
  create.set_name("#chan");
  create.set_preset(v1::ROOM_PRESET_PUBLIC_CHAT);
  grpc::ClientContext c1;
  Prepare(c1);
  v1::CreateRoomReply created;
  ASSERT_TRUE(matrix_out_->CreateRoom(&c1, create, &created).ok());
  ASSERT_TRUE(created.error().errcode().empty()) << created.error().error();
  const std::string room = created.room_id();
  auto create_calls = homeserver_.RequestsTo("POST", "/createRoom");
  ASSERT_EQ(create_calls.size(), 1u);
  EXPECT_NE(create_calls[0].body.find("\"preset\":\"public_chat\""), std::string::npos);

  grpc::ClientContext c2;
  Prepare(c2);
  v1::CreateRoomReply taken;
  ASSERT_TRUE(matrix_out_->CreateRoom(&c2, create, &taken).ok());
  EXPECT_EQ(taken.error().errcode(), "M_ROOM_IN_USE");

  v1::ResolveAliasRequest resolve;
  resolve.set_alias("#irc_net_#chan:" + homeserver_.options().server_name);
  grpc::ClientContext c3;
  Prepare(c3);
  v1::ResolveAliasReply resolved;
  ASSERT_TRUE(matrix_out_->ResolveAlias(&c3, resolve, &resolved).ok());
  EXPECT_EQ(resolved.room_id(), room);
  ASSERT_EQ(resolved.servers_size(), 1);

  // Alice created the room, so she is known to be joined: the invite needs no join.
  v1::InviteRequest invite;
  invite.set_as_user(alice);
  invite.set_room_id(room);
  invite.set_invitee(bob);
  grpc::ClientContext c4;
  Prepare(c4);
  v1::InviteReply invited;
  ASSERT_TRUE(matrix_out_->Invite(&c4, invite, &invited).ok());
  EXPECT_TRUE(invited.error().errcode().empty()) << invited.error().error();
  EXPECT_TRUE(homeserver_.RequestsTo("POST", "/join").empty());

  Join(bob, room);
  v1::SendReply sent;
  {
    v1::SendRequest send;
    send.set_as_user(bob);
    send.set_room_id(room);
    send.set_event_type("m.room.message");
    send.set_content_json(R"({"msgtype":"m.text","body":"hi"})");
    send.set_idempotency_key("bob-1");
    grpc::ClientContext c5;
    Prepare(c5);
    ASSERT_TRUE(matrix_out_->Send(&c5, send, &sent).ok());
  }
  v1::GetEventRequest get;
  get.set_room_id(room);
  get.set_event_id(sent.event_id());
  grpc::ClientContext c6;
  Prepare(c6);
  v1::GetEventReply got;
  ASSERT_TRUE(matrix_out_->GetEvent(&c6, get, &got).ok());
  ASSERT_TRUE(got.error().errcode().empty()) << got.error().error();
  EXPECT_EQ(got.event().sender(), bob);
  EXPECT_EQ(got.event().type(), "m.room.message");
  EXPECT_NE(got.event().content_json().find("\"hi\""), std::string::npos);

  v1::KickRequest kick;
  kick.set_as_user(alice);
  kick.set_room_id(room);
  kick.set_target(bob);
  grpc::ClientContext c7;
  Prepare(c7);
  v1::KickReply kicked;
  ASSERT_TRUE(matrix_out_->Kick(&c7, kick, &kicked).ok());
  EXPECT_TRUE(kicked.error().errcode().empty()) << kicked.error().error();
  EXPECT_FALSE(servers_->membership_cache().IsJoined(room, bob));
  EXPECT_EQ(homeserver_.JoinedMembers(room).count(bob), 0u);

  v1::LeaveRequest leave;
  leave.set_as_user(alice);
  leave.set_room_id(room);
  grpc::ClientContext c8;
  Prepare(c8);
  v1::LeaveReply left;
  ASSERT_TRUE(matrix_out_->Leave(&c8, leave, &left).ok());
  EXPECT_TRUE(left.error().errcode().empty()) << left.error().error();
  EXPECT_FALSE(servers_->membership_cache().IsJoined(room, alice));
  EXPECT_EQ(homeserver_.JoinedMembers(room).count(alice), 0u);
}

}  // namespace
}  // namespace mxedge::appservice_router
