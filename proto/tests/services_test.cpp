// Each service's generated callback server and stub talk over a real loopback channel: proves the
// gRPC plugin output is compiled and linked into mxedge_proto, and that requests and replies cross
// the wire intact.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

#include "mxedge/v1/client_api.grpc.pb.h"
#include "mxedge/v1/irc_control.grpc.pb.h"
#include "mxedge/v1/matrix_out.grpc.pb.h"
#include "mxedge/v1/sink.grpc.pb.h"

namespace mxedge::v1 {
namespace {

constexpr char kToken[] = "Bearer test-internal-token";

// Answers with UNAUTHENTICATED unless the internal bearer token is in the metadata.
bool Authorized(grpc::CallbackServerContext& ctx) {
  auto it = ctx.client_metadata().find("authorization");
  return it != ctx.client_metadata().end() &&
         std::string(it->second.data(), it->second.size()) == kToken;
}

grpc::ServerUnaryReactor* Finish(grpc::CallbackServerContext* ctx, grpc::Status status) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  reactor->Finish(std::move(status));
  return reactor;
}

class EchoClientApi final : public ClientApi::CallbackService {
  grpc::ServerUnaryReactor* Call(grpc::CallbackServerContext* ctx, const HttpCall* req,
                                 HttpResult* res) override {
    if (!Authorized(*ctx)) {
      return Finish(ctx, grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "missing token"));
    }
    if (req->method() == HTTP_METHOD_UNSPECIFIED) {
      return Finish(ctx, grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "method not set"));
    }
    res->set_request_id(req->request_id());
    res->set_status(200);
    res->set_content_type("application/json");
    std::string body = HttpMethod_Name(req->method()) + " " + req->path();
    for (const QueryParam& q : req->query()) {
      body += " " + q.key() + "=" + q.value();
    }
    res->set_body(body);
    return Finish(ctx, grpc::Status::OK);
  }
};

class RecordingSink final : public EventSink::CallbackService {
  grpc::ServerUnaryReactor* Deliver(grpc::CallbackServerContext* ctx, const DeliverRequest* req,
                                    DeliverReply* res) override {
    res->set_request_id(req->request_id());
    for (const MatrixEvent& e : req->events()) {
      EventOutcome* o = res->add_outcomes();
      o->set_event_id(e.event_id());
      o->set_outcome(req->worker_id() == "w1" ? DELIVERY_OUTCOME_DONE : DELIVERY_OUTCOME_NOT_MINE);
    }
    return Finish(ctx, grpc::Status::OK);
  }
};

class FakeMatrixOut final : public MatrixOut::CallbackService {
  grpc::ServerUnaryReactor* Send(grpc::CallbackServerContext* ctx, const SendRequest* req,
                                 SendReply* res) override {
    res->set_request_id(req->request_id());
    if (req->room_id().empty()) {
      res->mutable_error()->set_errcode("M_NOT_FOUND");
      res->mutable_error()->set_http_status(404);
    } else {
      res->set_event_id("$" + req->idempotency_key());
    }
    return Finish(ctx, grpc::Status::OK);
  }
};

class FakeIrcControl final : public IrcControl::CallbackService {
  grpc::ServerUnaryReactor* GetStatus(grpc::CallbackServerContext* ctx, const GetStatusRequest* req,
                                      GetStatusReply* res) override {
    res->set_request_id(req->request_id());
    res->set_worker_id("w1");
    res->set_connection_count(2);
    if (req->include_connections()) {
      res->add_connections()->set_network(req->network());
    }
    return Finish(ctx, grpc::Status::OK);
  }
};

class ServicesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&client_api_);
    builder.RegisterService(&sink_);
    builder.RegisterService(&matrix_out_);
    builder.RegisterService(&irc_control_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_GT(port_, 0);
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(port_),
                                   grpc::InsecureChannelCredentials());
  }

  void TearDown() override {
    if (server_) {
      server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
      server_->Wait();
    }
  }

  // A context with a deadline (every call has one) and the internal token.
  static std::unique_ptr<grpc::ClientContext> Context() {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    ctx->AddMetadata("authorization", kToken);
    return ctx;
  }

  EchoClientApi client_api_;
  RecordingSink sink_;
  FakeMatrixOut matrix_out_;
  FakeIrcControl irc_control_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(ServicesTest, ClientApiCallCrossesTheWire) {
  auto stub = ClientApi::NewStub(channel_);
  HttpCall call;
  call.set_request_id("r1");
  call.set_method(HTTP_METHOD_GET);
  call.set_path("/_matrix/client/v3/sync");
  QueryParam* q = call.add_query();
  q->set_key("since");
  q->set_value("s1");
  HttpResult res;
  grpc::Status status = stub->Call(Context().get(), call, &res);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(res.request_id(), "r1");
  EXPECT_EQ(res.status(), 200);
  EXPECT_EQ(res.body(), "HTTP_METHOD_GET /_matrix/client/v3/sync since=s1");
}

TEST_F(ServicesTest, ClientApiErrorsReachTheCaller) {
  auto stub = ClientApi::NewStub(channel_);
  HttpCall call;
  HttpResult res;
  EXPECT_EQ(stub->Call(Context().get(), call, &res).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  grpc::ClientContext no_token;
  no_token.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  call.set_method(HTTP_METHOD_GET);
  EXPECT_EQ(stub->Call(&no_token, call, &res).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(ServicesTest, EventSinkDeliverAnswersPerEvent) {
  auto stub = EventSink::NewStub(channel_);
  DeliverRequest req;
  req.set_request_id("d1");
  req.set_worker_id("w1");
  req.add_events()->set_event_id("$a");
  req.add_events()->set_event_id("$b");
  DeliverReply res;
  ASSERT_TRUE(stub->Deliver(Context().get(), req, &res).ok());
  ASSERT_EQ(res.outcomes_size(), 2);
  EXPECT_EQ(res.outcomes(1).event_id(), "$b");
  EXPECT_EQ(res.outcomes(1).outcome(), DELIVERY_OUTCOME_DONE);

  req.set_worker_id("w2");
  ASSERT_TRUE(stub->Deliver(Context().get(), req, &res).ok());
  EXPECT_EQ(res.outcomes(0).outcome(), DELIVERY_OUTCOME_NOT_MINE);
}

TEST_F(ServicesTest, UnimplementedMethodsAnswerUnimplemented) {
  auto stub = EventSink::NewStub(channel_);
  QueryUserRequest req;
  req.set_user_id("@irc_x:ex.org");
  QueryUserReply res;
  EXPECT_EQ(stub->QueryUser(Context().get(), req, &res).error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
}

TEST_F(ServicesTest, MatrixOutSendCarriesMatrixErrors) {
  auto stub = MatrixOut::NewStub(channel_);
  SendRequest req;
  req.set_request_id("s1");
  req.set_room_id("!r:ex.org");
  req.set_idempotency_key("k1");
  SendReply res;
  ASSERT_TRUE(stub->Send(Context().get(), req, &res).ok());
  EXPECT_FALSE(res.has_error());
  EXPECT_EQ(res.event_id(), "$k1");

  req.clear_room_id();
  ASSERT_TRUE(stub->Send(Context().get(), req, &res).ok());
  EXPECT_EQ(res.error().errcode(), "M_NOT_FOUND");
  EXPECT_EQ(res.error().http_status(), 404);
}

TEST_F(ServicesTest, IrcControlGetStatusUsesTheAsyncStub) {
  auto stub = IrcControl::NewStub(channel_);
  GetStatusRequest req;
  req.set_request_id("g1");
  req.set_network("libera");
  req.set_include_connections(true);
  GetStatusReply res;
  std::unique_ptr<grpc::ClientContext> ctx = Context();
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  grpc::Status status;
  stub->async()->GetStatus(ctx.get(), &req, &res, [&](grpc::Status s) {
    std::lock_guard<std::mutex> lock(mu);
    status = std::move(s);
    done = true;
    cv.notify_one();
  });
  std::unique_lock<std::mutex> lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return done; }));
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(res.worker_id(), "w1");
  EXPECT_EQ(res.connection_count(), 2);
  ASSERT_EQ(res.connections_size(), 1);
  EXPECT_EQ(res.connections(0).network(), "libera");
}

}  // namespace
}  // namespace mxedge::v1
