#include "sink_client_grpc.hpp"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "grpcpp/client_context.h"
#include "mxedge/rpc/callback_queue.hpp"
#include "sink_grpc_status.hpp"

namespace mxedge::appservice_router {
namespace {

// Everything one asynchronous call needs until its callback ran.
struct DeliverCall {
  grpc::ClientContext context;
  v1::DeliverRequest request;
  v1::DeliverReply reply;
  std::shared_ptr<v1::EventSink::Stub> stub;
  SinkClient::DeliverCallback done;
  std::string address;
};

}  // namespace

GrpcSinkClient::GrpcSinkClient(GrpcSinkClientOptions options, SinkChannelCache& channels)
    : options_(std::move(options)), channels_(channels) {
  rpc::PinCallbackCompletionQueue();
}

void GrpcSinkClient::Deliver(std::string_view address, v1::DeliverRequest request,
                             DeliverCallback done) {
  auto call = std::make_shared<DeliverCall>();
  call->request = std::move(request);
  call->done = std::move(done);
  call->address = std::string(address);
  call->stub = channels_.StubFor(address);
  PrepareSinkCallContext(call->context, options_.bearer_token, options_.deadline,
                         call->request.request_id());
  call->stub->async()->Deliver(&call->context, &call->request, &call->reply,
                               [call](grpc::Status status) {
                                 if (status.ok()) {
                                   call->done(std::move(call->reply));
                                 } else {
                                   call->done(SinkStatusFromGrpc(status, "Deliver", call->address));
                                 }
                               });
}

}  // namespace mxedge::appservice_router
