#include "grpc_room_members.hpp"

#include "grpc_matrix_rooms.hpp"
#include "mxedge/common/request_id.hpp"
#include "mxedge/rpc/bearer_token.hpp"
#include "mxedge/rpc/status_conversion.hpp"

namespace mxedge::irc_worker {

GrpcRoomMembers::GrpcRoomMembers(std::shared_ptr<grpc::ChannelInterface> channel,
                                 std::string internal_token, std::chrono::milliseconds timeout)
    : stub_(v1::MatrixOut::NewStub(std::move(channel))),
      internal_token_(std::move(internal_token)),
      timeout_(timeout) {}

void GrpcRoomMembers::Prepare(grpc::ClientContext& context) const {
  context.set_deadline(std::chrono::system_clock::now() + timeout_);
  rpc::AttachBearerToken(context, internal_token_);
}

absl::Status GrpcRoomMembers::Join(std::string_view as_user, std::string_view room_id) {
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

absl::Status GrpcRoomMembers::Leave(std::string_view as_user, std::string_view room_id,
                                    std::string_view reason) {
  v1::LeaveRequest request;
  request.set_request_id(common::NewRequestId());
  request.set_as_user(std::string(as_user));
  request.set_room_id(std::string(room_id));
  request.set_reason(std::string(reason));
  grpc::ClientContext context;
  Prepare(context);
  v1::LeaveReply reply;
  if (grpc::Status status = stub_->Leave(&context, request, &reply); !status.ok()) {
    return rpc::FromGrpcStatus(status);
  }
  return MatrixErrorStatus(reply.error(), "leave");
}

absl::Status GrpcRoomMembers::Kick(std::string_view as_user, std::string_view room_id,
                                   std::string_view target, std::string_view reason) {
  v1::KickRequest request;
  request.set_request_id(common::NewRequestId());
  request.set_as_user(std::string(as_user));
  request.set_room_id(std::string(room_id));
  request.set_target(std::string(target));
  request.set_reason(std::string(reason));
  grpc::ClientContext context;
  Prepare(context);
  v1::KickReply reply;
  if (grpc::Status status = stub_->Kick(&context, request, &reply); !status.ok()) {
    return rpc::FromGrpcStatus(status);
  }
  return MatrixErrorStatus(reply.error(), "kick");
}

absl::Status GrpcRoomMembers::SetDisplayName(std::string_view as_user, std::string_view name) {
  v1::SetProfileRequest request;
  request.set_request_id(common::NewRequestId());
  request.set_as_user(std::string(as_user));
  request.set_display_name(std::string(name));
  grpc::ClientContext context;
  Prepare(context);
  v1::SetProfileReply reply;
  if (grpc::Status status = stub_->SetProfile(&context, request, &reply); !status.ok()) {
    return rpc::FromGrpcStatus(status);
  }
  return MatrixErrorStatus(reply.error(), "set display name");
}

}  // namespace mxedge::irc_worker
