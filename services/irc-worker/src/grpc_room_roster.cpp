#include "grpc_room_roster.hpp"

#include "grpc_matrix_rooms.hpp"
#include "mxedge/common/request_id.hpp"
#include "mxedge/rpc/bearer_token.hpp"
#include "mxedge/rpc/status_conversion.hpp"

namespace mxedge::irc_worker {

GrpcRoomRoster::GrpcRoomRoster(std::shared_ptr<grpc::ChannelInterface> channel,
                               std::string internal_token, std::chrono::milliseconds timeout)
    : stub_(v1::MatrixOut::NewStub(std::move(channel))),
      internal_token_(std::move(internal_token)),
      timeout_(timeout) {}

absl::StatusOr<std::vector<std::string>> GrpcRoomRoster::JoinedMembers(std::string_view as_user,
                                                                       std::string_view room_id) {
  v1::GetJoinedMembersRequest request;
  request.set_request_id(common::NewRequestId());
  request.set_as_user(std::string(as_user));
  request.set_room_id(std::string(room_id));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout_);
  rpc::AttachBearerToken(context, internal_token_);
  v1::GetJoinedMembersReply reply;
  if (grpc::Status status = stub_->GetJoinedMembers(&context, request, &reply); !status.ok()) {
    return rpc::FromGrpcStatus(status);
  }
  if (absl::Status s = MatrixErrorStatus(reply.error(), "get joined members"); !s.ok()) {
    return s;
  }
  std::vector<std::string> members;
  members.reserve(reply.members_size());
  for (const v1::JoinedMember& member : reply.members()) {
    members.push_back(member.user_id());
  }
  return members;
}

}  // namespace mxedge::irc_worker
