#include "grpc_matrix_rooms.hpp"

#include <nlohmann/json.hpp>

#include "mxedge/common/request_id.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/rpc/bearer_token.hpp"
#include "mxedge/rpc/status_conversion.hpp"

namespace mxedge::irc_worker {

using common::Cat;

absl::Status MatrixErrorStatus(const v1::MatrixError& error, std::string_view operation) {
  if (error.errcode().empty() && error.http_status() == 0) {
    return absl::OkStatus();
  }
  std::string what = Cat(operation, ": ", error.errcode(), " (HTTP ", error.http_status(), ")");
  if (error.errcode() == "M_LIMIT_EXCEEDED" || error.http_status() >= 500) {
    return absl::UnavailableError(what);
  }
  if (error.errcode() == "M_ROOM_IN_USE") {
    return absl::AlreadyExistsError(what);
  }
  if (error.errcode() == "M_NOT_FOUND") {
    return absl::NotFoundError(what);
  }
  return absl::FailedPreconditionError(what);
}

GrpcMatrixRooms::GrpcMatrixRooms(std::shared_ptr<grpc::ChannelInterface> channel,
                                 std::string internal_token, std::chrono::milliseconds timeout)
    : stub_(v1::MatrixOut::NewStub(std::move(channel))),
      internal_token_(std::move(internal_token)),
      timeout_(timeout) {}

void GrpcMatrixRooms::Prepare(grpc::ClientContext& context) const {
  context.set_deadline(std::chrono::system_clock::now() + timeout_);
  rpc::AttachBearerToken(context, internal_token_);
}

absl::StatusOr<std::string> GrpcMatrixRooms::CreateRoom(const RoomCreation& creation) {
  v1::CreateRoomRequest request;
  request.set_request_id(common::NewRequestId());
  request.set_as_user(creation.as_user);
  request.set_alias_localpart(creation.alias_localpart);
  request.set_name(creation.name);
  request.set_topic(creation.topic);
  request.set_visibility(v1::ROOM_VISIBILITY_PRIVATE);
  request.set_preset(creation.public_chat ? v1::ROOM_PRESET_PUBLIC_CHAT
                                          : v1::ROOM_PRESET_PRIVATE_CHAT);
  request.set_is_direct(creation.is_direct);
  for (const std::string& invitee : creation.invite) {
    request.add_invite(invitee);
  }
  for (const StateEvent& state : creation.initial_state) {
    v1::InitialStateEvent* event = request.add_initial_state();
    event->set_type(state.type);
    event->set_state_key(state.state_key);
    event->set_content_json(state.content_json);
  }
  grpc::ClientContext context;
  Prepare(context);
  v1::CreateRoomReply reply;
  if (grpc::Status status = stub_->CreateRoom(&context, request, &reply); !status.ok()) {
    return rpc::FromGrpcStatus(status);
  }
  if (absl::Status s = MatrixErrorStatus(reply.error(), "create room"); !s.ok()) {
    return s;
  }
  return reply.room_id();
}

absl::StatusOr<std::string> GrpcMatrixRooms::ResolveAlias(std::string_view alias) {
  v1::ResolveAliasRequest request;
  request.set_request_id(common::NewRequestId());
  request.set_alias(std::string(alias));
  grpc::ClientContext context;
  Prepare(context);
  v1::ResolveAliasReply reply;
  if (grpc::Status status = stub_->ResolveAlias(&context, request, &reply); !status.ok()) {
    return rpc::FromGrpcStatus(status);
  }
  if (absl::Status s = MatrixErrorStatus(reply.error(), "resolve alias"); !s.ok()) {
    return s;
  }
  return reply.room_id();
}

absl::Status GrpcMatrixRooms::SendNotice(std::string_view as_user, std::string_view room_id,
                                         std::string_view body, std::string_view idempotency_key) {
  v1::SendRequest request;
  request.set_request_id(common::NewRequestId());
  request.set_as_user(std::string(as_user));
  request.set_room_id(std::string(room_id));
  request.set_event_type("m.room.message");
  request.set_content_json(nlohmann::json{{"msgtype", "m.notice"}, {"body", body}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace));
  request.set_idempotency_key(std::string(idempotency_key));
  grpc::ClientContext context;
  Prepare(context);
  v1::SendReply reply;
  if (grpc::Status status = stub_->Send(&context, request, &reply); !status.ok()) {
    return rpc::FromGrpcStatus(status);
  }
  return MatrixErrorStatus(reply.error(), "send notice");
}

absl::Status GrpcMatrixRooms::Join(std::string_view as_user, std::string_view room_id) {
  v1::JoinRequest request;
  request.set_request_id(common::NewRequestId());
  request.set_as_user(std::string(as_user));
  request.set_room_id_or_alias(std::string(room_id));
  grpc::ClientContext context;
  Prepare(context);
  v1::JoinReply reply;
  if (grpc::Status status = stub_->Join(&context, request, &reply); !status.ok()) {
    return rpc::FromGrpcStatus(status);
  }
  return MatrixErrorStatus(reply.error(), "join");
}

absl::Status GrpcMatrixRooms::Leave(std::string_view as_user, std::string_view room_id) {
  v1::LeaveRequest request;
  request.set_request_id(common::NewRequestId());
  request.set_as_user(std::string(as_user));
  request.set_room_id(std::string(room_id));
  grpc::ClientContext context;
  Prepare(context);
  v1::LeaveReply reply;
  if (grpc::Status status = stub_->Leave(&context, request, &reply); !status.ok()) {
    return rpc::FromGrpcStatus(status);
  }
  return MatrixErrorStatus(reply.error(), "leave");
}

absl::Status GrpcMatrixRooms::Invite(std::string_view as_user, std::string_view room_id,
                                     std::string_view invitee) {
  v1::InviteRequest request;
  request.set_request_id(common::NewRequestId());
  request.set_as_user(std::string(as_user));
  request.set_room_id(std::string(room_id));
  request.set_invitee(std::string(invitee));
  grpc::ClientContext context;
  Prepare(context);
  v1::InviteReply reply;
  if (grpc::Status status = stub_->Invite(&context, request, &reply); !status.ok()) {
    return rpc::FromGrpcStatus(status);
  }
  return MatrixErrorStatus(reply.error(), "invite");
}

}  // namespace mxedge::irc_worker
