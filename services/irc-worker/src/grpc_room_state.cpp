#include "grpc_room_state.hpp"

#include <nlohmann/json.hpp>

#include "grpc_matrix_rooms.hpp"
#include "mxedge/common/request_id.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/rpc/bearer_token.hpp"
#include "mxedge/rpc/status_conversion.hpp"

namespace mxedge::irc_worker {

using common::Cat;

GrpcRoomState::GrpcRoomState(std::shared_ptr<grpc::ChannelInterface> channel,
                             std::string internal_token, std::chrono::milliseconds timeout)
    : stub_(v1::MatrixOut::NewStub(std::move(channel))),
      internal_token_(std::move(internal_token)),
      timeout_(timeout) {}

void GrpcRoomState::Prepare(grpc::ClientContext& context) const {
  context.set_deadline(std::chrono::system_clock::now() + timeout_);
  rpc::AttachBearerToken(context, internal_token_);
}

absl::StatusOr<std::string> GrpcRoomState::GetState(std::string_view as_user, const StateKey& key) {
  v1::GetStateRequest request;
  request.set_request_id(common::NewRequestId());
  request.set_as_user(std::string(as_user));
  request.set_room_id(key.room_id);
  request.set_event_type(key.type);
  request.set_state_key(key.state_key);
  grpc::ClientContext context;
  Prepare(context);
  v1::GetStateReply reply;
  if (grpc::Status status = stub_->GetState(&context, request, &reply); !status.ok()) {
    return rpc::FromGrpcStatus(status);
  }
  if (absl::Status s = MatrixErrorStatus(reply.error(), Cat("get ", key.type)); !s.ok()) {
    return s;
  }
  nlohmann::json content = nlohmann::json::parse(reply.content_json(), nullptr, false);
  if (content.is_discarded() || !content.is_object()) {
    return absl::InternalError(Cat("get ", key.type, ": the router answered a non-object content"));
  }
  return reply.content_json();
}

absl::StatusOr<std::string> GrpcRoomState::SetState(std::string_view as_user, const StateKey& key,
                                                    std::string_view content_json) {
  v1::SetStateRequest request;
  request.set_request_id(common::NewRequestId());
  request.set_as_user(std::string(as_user));
  request.set_room_id(key.room_id);
  request.set_event_type(key.type);
  request.set_state_key(key.state_key);
  request.set_content_json(std::string(content_json));
  grpc::ClientContext context;
  Prepare(context);
  v1::SetStateReply reply;
  if (grpc::Status status = stub_->SetState(&context, request, &reply); !status.ok()) {
    return rpc::FromGrpcStatus(status);
  }
  if (absl::Status s = MatrixErrorStatus(reply.error(), Cat("set ", key.type)); !s.ok()) {
    return s;
  }
  return reply.event_id();
}

}  // namespace mxedge::irc_worker
